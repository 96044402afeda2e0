using System.Text.Json;
using Ionos.Emulator;
using Ionos.PostgreSql.Models;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;
using DomainPooler = Portal.Application.Domain.Requests.ConnectionPooler;

namespace Portal.Infrastructure.Tests.Execution;

/// <summary>
/// Day-2 updates against the real emulator and a real database: GET, conflict check against the baseline, merge, full PUT
/// with credentials, follow UPDATING until ready. The emulator's cluster carries non-default values in every optional
/// field, so a PUT that left one out would visibly reset it.
/// </summary>
public abstract class UpdateExecutionTests(string provider)
{
    private static readonly TimeSpan ProvisioningDelay = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan UpdatingDelay = TimeSpan.FromSeconds(6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunOnce_ApprovedSizeChange_PutsOnceWithCredentialsFollowsUpdatingToCompleted()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (clusterId, baseline) = await CreateAvailableClusterAsync(world);
        var request = await AddApprovedUpdateAsync(world, clusterId, baseline, baseline with { Cores = 4, RamGb = 8 });
        string? putBody = null;
        world.IonosHook = async (http, response) =>
        {
            if (http.Method == HttpMethod.Put)
            {
                putBody = await http.Content!.ReadAsStringAsync(Ct);
            }

            return response;
        };
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);

        var updating = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Provisioning, 1), (updating.Status, updating.Attempts));
        Assert.False(await world.HasSecretAsync(request.Id));
        Assert.Equal("UPDATING", (await GetAsync(world, clusterId)).Metadata!.StateRaw);
        using (var body = JsonDocument.Parse(putBody!))
        {
            var credentials = body.RootElement.GetProperty("properties").GetProperty("credentials");
            Assert.Equal((clusterId, ExecutionHarness.Password, "orders_app", "orders"), (
                body.RootElement.GetProperty("id").GetString(),
                credentials.GetProperty("password").GetString(),
                credentials.GetProperty("username").GetString(),
                credentials.GetProperty("database").GetString()));
        }

        world.Advance(UpdatingDelay);
        await executor.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Completed, completed.Status);
        Assert.Equal(1, world.Emulator.Calls.Count("PUT", "/clusters/*"));
        Assert.Equal(RequestEvent.Completed, Assert.Single(world.Notifier.Sent).Event);
        var audit = await world.AuditOfAsync(request.Id);
        Assert.Equal(
            [
                "request.state-changed Approved->Submitting",
                $"ionos.call GET /clusters/{clusterId} 200",
                $"ionos.call PUT /clusters/{clusterId} 200",
                "request.state-changed Submitting->Provisioning",
                $"ionos.call GET /clusters/{clusterId} 200",
                "request.state-changed Provisioning->Completed",
            ],
            audit.Select(Describe));
        Assert.All(audit, a => Assert.DoesNotContain(ExecutionHarness.Password, a.Details, StringComparison.Ordinal));
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task RunOnce_Update_PutKeepsEveryUnchangedFieldOfTheCluster()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (clusterId, baseline) = await CreateAvailableClusterAsync(world);
        var before = (await GetAsync(world, clusterId)).Properties!;
        var request = await AddApprovedUpdateAsync(world, clusterId, baseline, baseline with { StorageGb = 200, MaintenanceDay = DayOfWeek.Friday });
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);
        world.Advance(UpdatingDelay);
        await executor.RunOnceAsync(Ct);

        Assert.Equal(ClusterRequestStatus.Completed, (await world.ReloadAsync(request.Id)).Status);
        var after = (await GetAsync(world, clusterId)).Properties!;
        var expected = before with
        {
            Instances = before.Instances! with { StorageSize = 200 },
            MaintenanceWindow = before.MaintenanceWindow! with { DayOfTheWeek = DayOfWeek.Friday },
        };

        // Field by field, so a failure names the field that was reset.
        Assert.Equal(expected.Name, after.Name);
        Assert.Equal(expected.Description, after.Description);
        Assert.Equal(expected.Version, after.Version);
        Assert.Equal(expected.Instances, after.Instances);
        Assert.Equal(expected.Connection, after.Connection);
        Assert.Equal(expected.MaintenanceWindow, after.MaintenanceWindow);
        Assert.Equal(expected.ReplicationMode, after.ReplicationMode);
        Assert.Equal(expected.ConnectionPooler, after.ConnectionPooler);
        Assert.Equal(expected.LogsEnabled, after.LogsEnabled);
        Assert.Equal(expected.MetricsEnabled, after.MetricsEnabled);
        Assert.Equal(expected.Backup, after.Backup);
        Assert.Equal((DomainPooler.Transaction, true, true), (baseline.ConnectionPooler, after.LogsEnabled, after.MetricsEnabled));
    }

    [Fact]
    public async Task RunOnce_ChangedFieldWasChangedElsewhereSinceApproval_NeedsAttentionShowsDifferenceAndSendsNothing()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (clusterId, baseline) = await CreateAvailableClusterAsync(world);
        var request = await AddApprovedUpdateAsync(world, clusterId, baseline, baseline with { Cores = 4 });
        await ChangeElsewhereAsync(world, clusterId, p => p with { Instances = p.Instances! with { Cores = 8 } });
        world.Advance(UpdatingDelay);
        var puts = world.Emulator.Calls.Count("PUT", "/clusters/*");

        await world.CreateExecutor().RunOnceAsync(Ct);

        var parked = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.NeedsAttention, parked.Status);
        Assert.Contains("Cores per instance was 2 when requested and is now 8 in IONOS (this request wants 4)", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(puts, world.Emulator.Calls.Count("PUT", "/clusters/*"));
        Assert.Equal(8, (await GetAsync(world, clusterId)).Properties!.Instances!.Cores);
        Assert.False(await world.HasSecretAsync(request.Id));
        Assert.Equal(RequestEvent.NeedsAttention, Assert.Single(world.Notifier.Sent).Event);
    }

    [Fact]
    public async Task RunOnce_ClusterBusy409_RetriesLaterThenCompletesAndKeepsTheOtherChange()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (clusterId, baseline) = await CreateAvailableClusterAsync(world);
        var request = await AddApprovedUpdateAsync(world, clusterId, baseline, baseline with { RetentionDays = 30 });

        // Someone else changes another field: the cluster is UPDATING, so IONOS answers the portal's PUT with 409.
        await ChangeElsewhereAsync(world, clusterId, p => p with { Description = "changed by ops" });
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);

        var waiting = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Submitting, ExecutionHarness.Start.AddMinutes(3).AddSeconds(5)), (waiting.Status, waiting.NextAttemptAt));
        Assert.Contains("409", waiting.LastError, StringComparison.Ordinal);
        Assert.True(await world.HasSecretAsync(request.Id));

        world.Advance(UpdatingDelay);
        await executor.RunOnceAsync(Ct);
        world.Advance(UpdatingDelay);
        await executor.RunOnceAsync(Ct);

        Assert.Equal(ClusterRequestStatus.Completed, (await world.ReloadAsync(request.Id)).Status);
        var statuses = world.Emulator.Calls.Calls.Where(c => c.Method == "PUT").Select(c => c.Status).ToList();
        Assert.Equal([200, 409, 200], statuses);
        var after = (await GetAsync(world, clusterId)).Properties!;
        Assert.Equal((30, "changed by ops"), (after.Backup!.RetentionDays, after.Description));
    }

    [Fact]
    public async Task RunOnce_IonosRefuses422_FailsWithIonosMessagesAndPurgesThePassword()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (clusterId, baseline) = await CreateAvailableClusterAsync(world);
        var request = await AddApprovedUpdateAsync(world, clusterId, baseline, baseline with { PostgresVersion = "16" });

        await world.CreateExecutor().RunOnceAsync(Ct);

        var failed = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Failed, failed.Status);
        Assert.StartsWith("IONOS refused the request:", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("cannot change from 17 to 16", failed.LastError, StringComparison.Ordinal);
        Assert.False(await world.HasSecretAsync(request.Id));
        Assert.Equal("17", (await GetAsync(world, clusterId)).Properties!.Version);
        Assert.Equal(RequestEvent.Failed, Assert.Single(world.Notifier.Sent).Event);
    }

    [Fact]
    public async Task RunOnce_PutConnectionDroppedAfterIonosTookIt_ReadsTheClusterAndFollowsWithoutASecondPut()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (clusterId, baseline) = await CreateAvailableClusterAsync(world);
        var request = await AddApprovedUpdateAsync(world, clusterId, baseline, baseline with { Instances = 3 });
        world.Emulator.Faults.Add(new FaultRule { Method = "PUT", Path = "/clusters/*", Kind = FaultKind.Drop, Times = 1 });
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);

        var ambiguous = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Submitting, ambiguous.Status);
        Assert.Contains("read again before anything is sent again", ambiguous.LastError, StringComparison.Ordinal);
        Assert.True(await world.HasSecretAsync(request.Id));

        world.Advance(TimeSpan.FromSeconds(5));
        await executor.RunOnceAsync(Ct);

        var following = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Provisioning, following.Status);
        Assert.False(await world.HasSecretAsync(request.Id));

        world.Advance(UpdatingDelay);
        await executor.RunOnceAsync(Ct);

        Assert.Equal(ClusterRequestStatus.Completed, (await world.ReloadAsync(request.Id)).Status);
        Assert.Equal(1, world.Emulator.Calls.Calls.Count(c => c.Method == "PUT"));
        Assert.Equal(3, (await GetAsync(world, clusterId)).Properties!.Instances!.Count);
    }

    [Fact]
    public async Task RunOnce_ClusterGoneFromIonos_FailsWithoutSendingAnything()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (_, baseline) = await CreateAvailableClusterAsync(world);
        var missing = Guid.NewGuid().ToString();
        var request = await AddApprovedUpdateAsync(world, missing, baseline, baseline with { Cores = 4 });

        await world.CreateExecutor().RunOnceAsync(Ct);

        var failed = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Failed, failed.Status);
        Assert.Contains("no longer exists", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, world.Emulator.Calls.Calls.Count(c => c.Method == "PUT"));
        Assert.False(await world.HasSecretAsync(request.Id));
    }

    /// <summary>A cluster created directly in the emulator with a non-default value in every optional field, then ready.</summary>
    private static async Task<(string ClusterId, ClusterSpec Baseline)> CreateAvailableClusterAsync(ExecutionHarness world)
    {
        var spec = TestData.Spec() with
        {
            Instances = 1,
            Cores = 2,
            RamGb = 4,
            StorageGb = 20,
            ReplicationMode = Application.Domain.Requests.ReplicationMode.Asynchronous,
            ConnectionPooler = DomainPooler.Transaction,
            LogsEnabled = true,
            MetricsEnabled = true,
            Description = "orders database",
        };
        var client = world.Ionos.GetClient(ExecutionHarness.Region);
        var created = await client.CreateClusterAsync(ClusterPayloadMapper.ToCreateRequest(spec, ExecutionHarness.Password), Ct);
        world.Advance(ProvisioningDelay);
        var read = await client.GetClusterAsync(created.Id, Ct);
        Assert.Equal("AVAILABLE", read.Metadata!.StateRaw);
        return (created.Id, ClusterPayloadMapper.FromRead(read.Properties!, spec));
    }

    private static async Task<ClusterRequest> AddApprovedUpdateAsync(ExecutionHarness world, string clusterId, ClusterSpec baseline, ClusterSpec desired)
    {
        var now = world.Clock.GetUtcNow();
        var team = new Team(TestData.UniqueSlug(), "Payments Team", now);
        var request = ClusterRequest.SubmitUpdate(team.Id, ExecutionHarness.Region, TestData.Alice, clusterId, baseline, desired, now);
        request.Approve(TestData.Bob, "ok", now);
        await using var context = world.CreateContext();
        context.Teams.Add(team);
        context.ClusterRequests.Add(request);
        context.PendingSecrets.Add(new PendingSecret(request.Id, world.Secrets.Protect(ExecutionHarness.Password), now));
        await context.SaveChangesAsync(Ct);
        return request;
    }

    /// <summary>A change made outside the portal (console, Terraform): GET, change, PUT the whole cluster.</summary>
    private static async Task ChangeElsewhereAsync(ExecutionHarness world, string clusterId, Func<ClusterProperties, ClusterProperties> change)
    {
        var client = world.Ionos.GetClient(ExecutionHarness.Region);
        var current = await client.GetClusterAsync(clusterId, Ct);
        var properties = change(current.Properties!) with
        {
            Credentials = new PostgresCredentials { Username = "orders_app", Password = ExecutionHarness.Password, Database = "orders" },
        };
        await client.EnsureClusterAsync(clusterId, new ClusterEnsureRequest { Id = clusterId, Properties = properties }, Ct);
    }

    private static Task<ClusterRead> GetAsync(ExecutionHarness world, string clusterId) =>
        world.Ionos.GetClient(ExecutionHarness.Region).GetClusterAsync(clusterId, Ct);

    private static string Describe(Application.Domain.Audit.AuditEntry entry)
    {
        using var details = JsonDocument.Parse(entry.Details);
        var root = details.RootElement;
        return entry.Action == ExecutionAudit.IonosCallAction
            ? $"{entry.Action} {root.GetProperty("method").GetString()} {root.GetProperty("path").GetString()} {root.GetProperty("status").GetInt32()}"
            : $"{entry.Action} {root.GetProperty("from").GetString()}->{root.GetProperty("to").GetString()}";
    }
}

public sealed class PostgreSqlUpdateExecutionTests() : UpdateExecutionTests(DatabaseProvider.PostgreSql);

public sealed class SqliteUpdateExecutionTests() : UpdateExecutionTests(DatabaseProvider.Sqlite);
