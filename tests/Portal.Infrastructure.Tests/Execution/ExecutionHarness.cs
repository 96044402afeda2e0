using System.Collections.Concurrent;
using Ionos.Emulator;
using Ionos.PostgreSql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Requests;
using Portal.Infrastructure.Tests.Persistence;
using Portal.TestSupport;

namespace Portal.Infrastructure.Tests.Execution;

/// <summary>
/// One executor test's world: a fresh migrated database (the claim takes every due request in it, so tests never share
/// one), the real emulator on a loopback port, one fake clock for both, a real Data Protection protector, and a
/// recording notifier. The IONOS clients go through <see cref="IonosHook"/>, so a test can crash or rewrite an answer.
/// </summary>
internal sealed class ExecutionHarness : IAsyncDisposable
{
    public const string Region = "de-txl";
    public const string Password = "Sup3r-Secret!Pw";

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly Func<PortalDbContext> _createContext;
    private readonly Func<ValueTask> _dropDatabase;
    private readonly SocketsHttpHandler _sockets = new();

    private ExecutionHarness(FakeTimeProvider clock, EmulatorServer emulator, Func<PortalDbContext> createContext, Func<ValueTask> dropDatabase)
    {
        Clock = clock;
        Emulator = emulator;
        _createContext = createContext;
        _dropDatabase = dropDatabase;
        Contexts = new ContextFactory(createContext);
        Secrets = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());
        Ionos = new HookedIonosClients(this);
    }

    public FakeTimeProvider Clock { get; }

    public EmulatorServer Emulator { get; }

    public IDbContextFactory<PortalDbContext> Contexts { get; }

    public DataProtectionSecretProtector Secrets { get; }

    public IIonosPostgresClientFactory Ionos { get; }

    public RecordingNotifier Notifier { get; } = new();

    /// <summary>Sees every IONOS request and response on the portal's side; null passes everything through.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage, Task<HttpResponseMessage>>? IonosHook { get; set; }

    public static RequestExecutionOptions DefaultOptions(string instanceName = "executor-a", int batchSize = 10) => new()
    {
        InstanceName = instanceName,
        PollInterval = TimeSpan.FromSeconds(5),
        LeaseDuration = TimeSpan.FromMinutes(2),
        RetryBaseDelay = TimeSpan.FromSeconds(5),
        RetryMaxDelay = TimeSpan.FromMinutes(5),
        FailedFinalAfter = TimeSpan.FromMinutes(10),
        ProvisioningTimeout = TimeSpan.FromMinutes(60),
        BatchSize = batchSize,
    };

    public static async Task<ExecutionHarness> StartAsync(string provider, TimeSpan? provisioningDelay = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Start);
        Func<PortalDbContext> createContext;
        Func<ValueTask> drop;
        if (DatabaseProvider.IsPostgreSql(provider))
        {
            var database = await PostgresTestDatabase.CreateAsync("exec", ct);
            createContext = () => new PostgreSqlPortalDbContext(PortalDbContextOptions.ForPostgreSql(database.ConnectionString));
            drop = database.DisposeAsync;
        }
        else
        {
            var path = Path.Combine(Path.GetTempPath(), $"portal-exec-{Guid.NewGuid():N}.db");
            createContext = () => new SqlitePortalDbContext(PortalDbContextOptions.ForSqlite($"Data Source={path}"));
            drop = () =>
            {
                SqliteConnection.ClearAllPools();
                File.Delete(path);
                return ValueTask.CompletedTask;
            };
        }

        await using (var context = createContext())
        {
            await context.Database.MigrateAsync(ct);
        }

        var emulator = await EmulatorServer.StartAsync(
            new EmulatorOptions { ProvisioningDelay = provisioningDelay ?? TimeSpan.FromMinutes(3) }, clock, cancellationToken: ct);
        return new ExecutionHarness(clock, emulator, createContext, drop);
    }

    public PortalDbContext CreateContext() => _createContext();

    public ClusterRequestExecutor CreateExecutor(RequestExecutionOptions? options = null) =>
        new(Contexts, Ionos, Secrets, Notifier, Options.Create(options ?? DefaultOptions()), Clock, NullLogger<ClusterRequestExecutor>.Instance);

    /// <summary>A team, an approved create request (approved now on the fake clock) and its encrypted password.</summary>
    public Task<ClusterRequest> AddApprovedCreateAsync(ClusterSpec? spec = null, bool withSecret = true) =>
        AddApprovedAsync((team, now) => ClusterRequest.SubmitCreate(team, Region, TestData.Alice, spec ?? TestData.Spec(), now), withSecret);

    /// <summary>An approved restore of <paramref name="spec"/> (which names the backup) with its encrypted password.</summary>
    public Task<ClusterRequest> AddApprovedRestoreAsync(ClusterSpec spec) =>
        AddApprovedAsync((team, now) => ClusterRequest.SubmitRestore(team, Region, TestData.Alice, spec, now), withSecret: true);

    private async Task<ClusterRequest> AddApprovedAsync(Func<Guid, DateTimeOffset, ClusterRequest> submit, bool withSecret)
    {
        var ct = TestContext.Current.CancellationToken;
        var now = Clock.GetUtcNow();
        var team = new Team(TestData.UniqueSlug(), "Payments Team", now);
        var request = submit(team.Id, now);
        request.Approve(TestData.Bob, "ok", now);
        await using var context = CreateContext();
        context.Teams.Add(team);
        context.ClusterRequests.Add(request);
        if (withSecret)
        {
            context.PendingSecrets.Add(new PendingSecret(request.Id, Secrets.Protect(Password), now));
        }

        await context.SaveChangesAsync(ct);
        return request;
    }

    public async Task<ClusterRequest> ReloadAsync(Guid requestId)
    {
        await using var context = CreateContext();
        return await context.ClusterRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, TestContext.Current.CancellationToken);
    }

    public async Task<bool> HasSecretAsync(Guid requestId)
    {
        await using var context = CreateContext();
        return await context.PendingSecrets.AnyAsync(s => s.RequestId == requestId, TestContext.Current.CancellationToken);
    }

    /// <summary>The request's audit entries in the order they were written.</summary>
    public async Task<List<AuditEntry>> AuditOfAsync(Guid requestId)
    {
        var id = requestId.ToString();
        await using var context = CreateContext();
        return await context.AuditEntries.AsNoTracking().Where(a => a.TargetId == id).OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every entry, once sealed by the real sealer, verifies and links to its predecessor.</summary>
    public Task AssertUnbrokenAuditChainAsync() => Audit.AuditChainAssert.SealedAndIntactAsync(Contexts);

    public int Posts => Emulator.Calls.Count("POST", "/clusters");

    public IReadOnlyList<EmulatedCluster> Clusters => Emulator.Store.Clusters(Region);

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        _sockets.Dispose();
        await _dropDatabase();
    }

    private sealed class ContextFactory(Func<PortalDbContext> create) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => create();
    }

    /// <summary>The portal's DBaaS clients pointed at the emulator's regions, through the harness's hook.</summary>
    private sealed class HookedIonosClients(ExecutionHarness harness) : IIonosPostgresClientFactory
    {
        public IReadOnlyList<string> Regions { get; } = [Region, "de-fra"];

        public IonosPostgresClient GetClient(string regionCode)
        {
            if (!Regions.Contains(regionCode))
            {
                throw new ArgumentException($"IONOS region '{regionCode}' is not configured.", nameof(regionCode));
            }

            var http = new HttpClient(new HookHandler(harness) { InnerHandler = harness._sockets }, disposeHandler: false)
            {
                BaseAddress = harness.Emulator.RegionAddress(regionCode),
            };
            return new IonosPostgresClient(regionCode, http, () => "test-token", timeProvider: harness.Clock);
        }
    }

    private sealed class HookHandler(ExecutionHarness harness) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            return harness.IonosHook is { } hook ? await hook(request, response) : response;
        }
    }
}

/// <summary>Remembers every notification.</summary>
internal sealed class RecordingNotifier : IRequestNotifier
{
    private readonly ConcurrentQueue<RequestNotification> _sent = new();

    public IReadOnlyList<RequestNotification> Sent => [.. _sent];

    public Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken)
    {
        _sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}

/// <summary>Stands for the portal process dying right after IONOS answered: nothing of the answer reaches the database.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("The portal process died here.")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
