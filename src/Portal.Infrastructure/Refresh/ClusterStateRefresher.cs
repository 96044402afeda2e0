using System.Collections.Concurrent;
using System.Threading.Channels;
using Ionos.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Telemetry;
using WireListQuery = Ionos.PostgreSql.Models.ClusterListQuery;

namespace Portal.Infrastructure.Refresh;

/// <summary>
/// Keeps <c>ClusterSnapshots</c> in step with IONOS: every region is read with the paged list (one call per
/// <see cref="ClusterRefreshOptions.PageSize"/> clusters), compared with the stored snapshots, and only what changed is
/// written (new clusters, changed ones with their state transition, vanished ones once). A region that fails is logged
/// and reported stale; the others still refresh. Every cycle is published through <see cref="IClusterChangeNotifier"/>.
/// On PostgreSQL only the replica holding the advisory lock refreshes (<see cref="IRefreshLease"/>).
/// </summary>
public sealed partial class ClusterStateRefresher : BackgroundService, IClusterRefreshSignal, IAsyncDisposable
{
    private const int ErrorMaxLength = 300;
    private const int OwnerLookupChunk = 500;

    private readonly IIonosPostgresClientFactory _clients;
    private readonly IDbContextFactory<PortalDbContext> _contexts;
    private readonly IClusterChangeNotifier _notifier;
    private readonly IRefreshLease _lease;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<ClusterRefreshOptions> _options;
    private readonly ILogger<ClusterStateRefresher> _logger;
    private readonly PortalMetrics? _metrics;
    private readonly ConcurrentDictionary<string, RegionRefreshStatus> _status = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public ClusterStateRefresher(
        IIonosPostgresClientFactory clients,
        IDbContextFactory<PortalDbContext> contexts,
        IClusterChangeNotifier notifier,
        IRefreshLease lease,
        TimeProvider time,
        IOptionsMonitor<ClusterRefreshOptions> options,
        ILogger<ClusterStateRefresher> logger,
        PortalMetrics? metrics = null)
    {
        _clients = clients;
        _contexts = contexts;
        _notifier = notifier;
        _lease = lease;
        _time = time;
        _options = options;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Wakes the loop now instead of at the end of its interval.</summary>
    public void RequestRefresh() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// One refresh cycle over every configured region. Returns null (and calls nothing) when another replica holds the lock.
    /// </summary>
    public async Task<ClusterRefreshReport?> RefreshOnceAsync(CancellationToken cancellationToken)
    {
        if (!await _lease.TryAcquireAsync(cancellationToken))
        {
            LogStandby(_logger);
            return null;
        }

        var statuses = await Task.WhenAll(_clients.Regions.Select(region => RefreshRegionAsync(region, cancellationToken)));
        var report = new ClusterRefreshReport(_time.GetUtcNow(), statuses);
        _notifier.Publish(report);
        return report;
    }

    /// <summary>How long to wait after <paramref name="report"/> (null: this replica is a standby).</summary>
    public TimeSpan NextInterval(ClusterRefreshReport? report)
    {
        var options = _options.CurrentValue;
        return report is null || report.Regions.Any(r => r.AnyInTransition || r.Error is not null)
            ? options.BusyInterval
            : options.QuietInterval;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _lease.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _lease.DisposeAsync();
        Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.CurrentValue.Enabled)
        {
            LogDisabled(_logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan next;
            try
            {
                next = NextInterval(await RefreshOnceAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One failed cycle (database down, lock connection refused) must not end the loop.
                LogCycleFailed(_logger, ex);
                next = _options.CurrentValue.BusyInterval;
            }

            await WaitAsync(next, stoppingToken);
        }
    }

    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(interval, _time, wait.Token);
        var wake = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
        await Task.WhenAny(delay, wake);
        await wait.CancelAsync();
        _wake.Reader.TryRead(out _);
    }

    private async Task<RegionRefreshStatus> RefreshRegionAsync(string region, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var listCalls = 0;
        try
        {
            var client = _clients.GetClient(region);
            var observed = new Dictionary<string, ObservedCluster>(StringComparer.Ordinal);
            var pages = IonosPaging.EnumerateAsync(
                (offset, limit, ct) =>
                {
                    listCalls++;
                    return client.ListClustersAsync(new WireListQuery { Offset = offset, Limit = limit }, ct);
                },
                _options.CurrentValue.PageSize,
                cancellationToken: cancellationToken);
            await foreach (var cluster in pages)
            {
                if (!string.IsNullOrWhiteSpace(cluster.Id))
                {
                    observed[cluster.Id] = ObservedClusters.From(cluster);
                }
            }

            // Only a complete list is compared: a region that failed half-way must not mark the rest vanished.
            var status = await StoreAsync(region, observed, listCalls, cancellationToken);
            _status[region] = status;
            _metrics?.RegionRefreshed(region, _time.GetUtcNow() - startedAt, succeeded: true);
            LogRegionRefreshed(_logger, region, status.ClustersSeen, listCalls, status.Added, status.Changed, status.Vanished);
            return status;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRegionFailed(_logger, region, ex);
            _metrics?.RegionRefreshed(region, _time.GetUtcNow() - startedAt, succeeded: false);
            var previous = _status.GetValueOrDefault(region);
            var failed = new RegionRefreshStatus(region, previous?.LastSuccessAt, startedAt, Describe(ex),
                ClustersSeen: previous?.ClustersSeen ?? 0, ListCalls: listCalls, AnyInTransition: previous?.AnyInTransition ?? false);
            _status[region] = failed;
            return failed;
        }
    }

    private async Task<RegionRefreshStatus> StoreAsync(
        string region, Dictionary<string, ObservedCluster> observed, int listCalls, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var context = await _contexts.CreateDbContextAsync(cancellationToken);

        // Untracked: an unchanged snapshot is never attached, so it cannot be written.
        var snapshots = await context.ClusterSnapshots.AsNoTracking()
            .Where(s => s.Region == region)
            .ToDictionaryAsync(s => s.ClusterId, StringComparer.Ordinal, cancellationToken);
        var unowned = observed.Keys.Where(id => !snapshots.TryGetValue(id, out var s) || s.TeamId is null).ToList();
        var owners = await OwnersAsync(context, region, unowned, cancellationToken);

        int added = 0, changed = 0, vanished = 0, transitions = 0;
        foreach (var (clusterId, cluster) in observed)
        {
            var owner = owners.TryGetValue(clusterId, out var teamId) ? teamId : (Guid?)null;
            if (!snapshots.TryGetValue(clusterId, out var snapshot))
            {
                var (created, firstChange) = ClusterSnapshot.FirstSeen(region, clusterId, cluster, owner, now);
                context.ClusterSnapshots.Add(created);
                context.ClusterStateChanges.Add(firstChange);
                added++;
                transitions++;
                continue;
            }

            var isChanged = snapshot.Observe(cluster, now, out var stateChange);
            if (snapshot.TeamId is null && owner is { } newOwner)
            {
                snapshot.AssignToTeam(newOwner);
                isChanged = true;
            }

            if (isChanged)
            {
                context.ClusterSnapshots.Update(snapshot);
                changed++;
            }

            if (stateChange is not null)
            {
                context.ClusterStateChanges.Add(stateChange);
                transitions++;
            }
        }

        foreach (var snapshot in snapshots.Values.Where(s => s.VanishedAt is null && !observed.ContainsKey(s.ClusterId)))
        {
            snapshot.MarkVanished(now);
            context.ClusterSnapshots.Update(snapshot);
            vanished++;
        }

        if (added + changed + vanished > 0)
        {
            await context.SaveChangesAsync(cancellationToken);
        }

        var anyInTransition = observed.Values.Any(c => ClusterStates.FromIonos(c.StateRaw).IsTransitional());
        return new RegionRefreshStatus(region, now, now, null, observed.Count, listCalls, added, changed, vanished, transitions, anyInTransition);
    }

    /// <summary>Teams of the requests that created these clusters (Provisioning or Completed), oldest request first.</summary>
    private static async Task<Dictionary<string, Guid>> OwnersAsync(
        PortalDbContext context, string region, List<string> clusterIds, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in clusterIds.Chunk(OwnerLookupChunk))
        {
            var rows = await context.ClusterRequests.AsNoTracking()
                .Where(r => r.Region == region && r.TargetClusterId != null && chunk.Contains(r.TargetClusterId)
                    && (r.Status == ClusterRequestStatus.Completed || r.Status == ClusterRequestStatus.Provisioning))
                .Select(r => new { r.TargetClusterId, r.TeamId, r.CreatedAt })
                .ToListAsync(cancellationToken);
            foreach (var row in rows.OrderBy(r => r.CreatedAt))
            {
                owners.TryAdd(row.TargetClusterId!, row.TeamId);
            }
        }

        return owners;
    }

    private static string Describe(Exception ex)
    {
        var message = ex switch
        {
            IonosApiException api => $"IONOS answered {(int)api.StatusCode} {api.StatusCode}.",
            TimeoutException => "IONOS did not answer in time.",
            HttpRequestException => "IONOS could not be reached.",
            _ => ex.Message,
        };
        return message.Length <= ErrorMaxLength ? message : message[..ErrorMaxLength];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster state refresher is disabled (Portal:Refresh:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another replica holds the refresh lock; this one stands by")]
    private static partial void LogStandby(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Region {Region} refreshed: {Clusters} clusters in {Calls} list calls; {Added} new, {Changed} changed, {Vanished} vanished")]
    private static partial void LogRegionRefreshed(ILogger logger, string region, int clusters, int calls, int added, int changed, int vanished);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Region {Region} could not be refreshed; its clusters are shown as stale")]
    private static partial void LogRegionFailed(ILogger logger, string region, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster refresh cycle failed; trying again after the busy interval")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception);
}
