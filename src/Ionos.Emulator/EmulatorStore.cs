using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ionos.Emulator;

/// <summary>
/// Clusters and backups of every region. The state machine is evaluated lazily against the injected <see cref="TimeProvider"/>
/// on every read and write, so a fake clock drives it deterministically. When <see cref="EmulatorOptions.StateFile"/> is set,
/// the state is loaded at start and written atomically (temp file, then move) after every change. Passwords are never stored.
/// </summary>
public sealed class EmulatorStore
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Lock _lock = new();
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly StoreState _state;

    public EmulatorStore(IOptions<EmulatorOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _state = Load();
    }

    public TimeProvider Time => _time;

    /// <summary>The clusters (of one region, or all), oldest first, after applying due state transitions.</summary>
    public IReadOnlyList<EmulatedCluster> Clusters(string? region = null) => Read(state => state.Clusters
        .Where(c => region is null || c.Region == region)
        .OrderBy(c => c.Sequence)
        .Select(c => new EmulatedCluster(c.Id, c.Region, c.Spec.Name, c.Spec.Version, c.State, c.CreatedDate, c.DnsName))
        .ToList());

    /// <summary>The backups (of one region, or all), oldest first, after applying due state transitions.</summary>
    public IReadOnlyList<EmulatedBackup> Backups(string? region = null) => Read(state => state.Backups
        .Where(b => region is null || b.Region == region)
        .OrderBy(b => b.Sequence)
        .Select(b => new EmulatedBackup(b.Id, b.Region, b.ClusterId, b.Version, b.Location, b.IsActive,
            b.EarliestRecoveryTargetTime, b.LatestRecoveryTargetTime))
        .ToList());

    /// <summary>Puts a cluster into FAILED with a status message (the real API's failure mode); false when unknown.</summary>
    public bool FailCluster(string region, Guid clusterId, string statusMessage) => Write(state =>
    {
        var cluster = state.Clusters.FirstOrDefault(c => c.Region == region && c.Id == clusterId);
        if (cluster is null)
        {
            return false;
        }

        cluster.State = ClusterStates.Failed;
        cluster.StateEndsAt = null;
        cluster.StatusMessage = statusMessage;
        return true;
    });

    /// <summary>Forgets every cluster and backup (and empties the state file).</summary>
    public void Reset() => Write(state =>
    {
        state.Clusters.Clear();
        state.Backups.Clear();
        return true;
    });

    /// <summary>Runs a read; the state file is written only when a due transition changed something.</summary>
    internal T Read<T>(Func<StoreState, T> read)
    {
        lock (_lock)
        {
            var changed = Advance(_state, _time.GetUtcNow());
            var result = read(_state);
            if (changed)
            {
                Save();
            }

            return result;
        }
    }

    internal T Write<T>(Func<StoreState, T> change)
    {
        lock (_lock)
        {
            Advance(_state, _time.GetUtcNow());
            var result = change(_state);
            Save();
            return result;
        }
    }

    /// <summary>Applies every transition that is due at <paramref name="now"/>.</summary>
    private static bool Advance(StoreState state, DateTimeOffset now)
    {
        var changed = false;
        foreach (var cluster in state.Clusters.ToList())
        {
            if (cluster.StateEndsAt is not { } endsAt || endsAt > now)
            {
                continue;
            }

            changed = true;
            switch (cluster.State)
            {
                case ClusterStates.Provisioning:
                case ClusterStates.Updating:
                    cluster.State = ClusterStates.Available;
                    cluster.StateEndsAt = null;
                    if (!state.Backups.Any(b => b.ClusterId == cluster.Id && b.IsActive))
                    {
                        state.Backups.Add(new BackupRecord
                        {
                            Id = Guid.NewGuid(),
                            Region = cluster.Region,
                            Sequence = state.NextSequence++,
                            ClusterId = cluster.Id,
                            Version = cluster.Spec.Version,
                            Location = cluster.Spec.BackupLocation,
                            IsActive = true,
                            CreatedDate = Truncate(endsAt),
                            EarliestRecoveryTargetTime = Truncate(endsAt),
                        });
                    }

                    break;
                case ClusterStates.Destroying:
                    state.Clusters.Remove(cluster);
                    foreach (var backup in state.Backups.Where(b => b.ClusterId == cluster.Id && b.IsActive))
                    {
                        backup.IsActive = false;
                        backup.LatestRecoveryTargetTime = Truncate(endsAt);
                    }

                    break;
                default:
                    cluster.StateEndsAt = null;
                    break;
            }
        }

        return changed;
    }

    /// <summary>Timestamps are kept to whole seconds, as they are written on the wire.</summary>
    internal static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private StoreState Load()
    {
        if (_options.StateFile is not { } path || !File.Exists(path))
        {
            return new StoreState();
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<StoreState>(stream, FileJson) ?? new StoreState();
    }

    private void Save()
    {
        if (_options.StateFile is not { } path)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(_state, FileJson));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>Everything that changes, in the shape of the state file.</summary>
internal sealed class StoreState
{
    public long NextSequence { get; set; } = 1;

    public List<ClusterRecord> Clusters { get; set; } = [];

    public List<BackupRecord> Backups { get; set; } = [];
}
