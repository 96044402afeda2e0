using System.Net;
using System.Text;
using System.Text.Json;
using Ionos.Emulator;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Execution;

/// <summary>
/// The executor against the real emulator and a real database, driven by <see cref="ClusterRequestExecutor.RunOnceAsync"/>
/// with the fake clock advanced between rounds. Each test ends with the number of clusters in IONOS and the final state.
/// </summary>
public abstract class ClusterRequestExecutorTests(string provider)
{
    private static readonly TimeSpan ProvisioningDelay = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunOnce_ApprovedCreate_PostsOnceFollowsToCompletedWithDnsName()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();

        Assert.Equal(1, await executor.RunOnceAsync(Ct));

        var provisioning = await world.ReloadAsync(request.Id);
        var cluster = Assert.Single(world.Clusters);
        Assert.Equal(
            (ClusterRequestStatus.Provisioning, cluster.Id.ToString(), request.Spec.Name, 1, (string?)null),
            (provisioning.Status, provisioning.TargetClusterId, provisioning.ExecutionClusterName, provisioning.Attempts, provisioning.LeaseOwner));
        Assert.False(await world.HasSecretAsync(request.Id));

        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Completed, Single(world).DnsName), (completed.Status, completed.DnsName));
        Assert.NotNull(completed.DnsName);
        Assert.Equal(1, world.Posts);
        var notification = Assert.Single(world.Notifier.Sent);
        Assert.Equal((RequestEvent.Completed, request.Id, completed.DnsName), (notification.Event, notification.RequestId, notification.DnsName));

        var audit = await world.AuditOfAsync(request.Id);
        Assert.Equal(
            [
                "request.state-changed Approved->Submitting",
                "ionos.call POST /clusters 201",
                "request.state-changed Submitting->Provisioning",
                $"ionos.call GET /clusters/{cluster.Id} 200",
                "request.state-changed Provisioning->Completed",
            ],
            audit.Select(Describe));
        Assert.All(audit, a => Assert.Equal((Actor.System.Id, ExecutionAudit.TargetType, request.TeamId), (a.ActorId, a.TargetType, a.TeamId)));
        Assert.All(audit, a => Assert.DoesNotContain(ExecutionHarness.Password, a.Details, StringComparison.Ordinal));
        Assert.Equal(audit[0].CorrelationId, audit[2].CorrelationId);
        Assert.NotEqual(audit[0].CorrelationId, audit[4].CorrelationId);
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task RunOnce_PostAnswers429WithRetryAfter_RetriesNoSoonerThenCreatesExactlyOneCluster()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        world.Emulator.Faults.Add(new FaultRule { Method = "POST", Path = "/clusters", Status = 429, RetryAfterSeconds = 30, Times = 1 });
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);

        var throttled = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Submitting, ExecutionHarness.Start.AddSeconds(30)), (throttled.Status, throttled.NextAttemptAt));
        Assert.Contains("429", throttled.LastError, StringComparison.Ordinal);
        Assert.Empty(world.Clusters);
        Assert.True(await world.HasSecretAsync(request.Id));

        world.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await executor.RunOnceAsync(Ct));
        Assert.Equal(1, world.Posts);

        world.Advance(TimeSpan.FromSeconds(1));
        await executor.RunOnceAsync(Ct);
        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);

        Assert.Equal(2, world.Posts);
        Single(world);
        Assert.Equal(ClusterRequestStatus.Completed, (await world.ReloadAsync(request.Id)).Status);
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task RunOnce_PostAnswers500_LooksUpByNameBeforePostingAgainAndCreatesExactlyOneCluster()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        world.Emulator.Faults.Add(new FaultRule { Method = "POST", Path = "/clusters", Status = 500, Times = 1 });
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);

        var ambiguous = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Submitting, ExecutionHarness.Start.AddSeconds(5)), (ambiguous.Status, ambiguous.NextAttemptAt));
        Assert.Contains("looked up by its name", ambiguous.LastError, StringComparison.Ordinal);

        world.Advance(TimeSpan.FromSeconds(5));
        await executor.RunOnceAsync(Ct);
        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);

        var calls = world.Emulator.Calls.Calls.Where(c => c.Path == "/clusters").Select(c => $"{c.Method} {c.Status}").ToList();
        Assert.Equal(["POST 500", "GET 200", "POST 201"], calls);
        var cluster = Single(world);
        var completed = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Completed, cluster.Id.ToString(), 2), (completed.Status, completed.TargetClusterId, completed.Attempts));
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task RunOnce_PostAcceptedThenConnectionDropped_FindsTheClusterByNameAndNeverPostsAgain()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        world.Emulator.Faults.Add(new FaultRule { Method = "POST", Path = "/clusters", Kind = FaultKind.Drop, Times = 1 });
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);

        var cluster = Single(world);
        var ambiguous = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Submitting, (string?)null), (ambiguous.Status, ambiguous.TargetClusterId));
        Assert.True(await world.HasSecretAsync(request.Id));

        world.Advance(TimeSpan.FromSeconds(5));
        await executor.RunOnceAsync(Ct);

        var found = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Provisioning, cluster.Id.ToString()), (found.Status, found.TargetClusterId));
        Assert.False(await world.HasSecretAsync(request.Id));

        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);

        Assert.Equal(1, world.Posts);
        Assert.Equal(cluster.Id, Single(world).Id);
        Assert.Equal(ClusterRequestStatus.Completed, (await world.ReloadAsync(request.Id)).Status);
        var audit = (await world.AuditOfAsync(request.Id)).Select(Describe).ToList();
        Assert.Contains("ionos.call POST /clusters 0", audit);
        Assert.Contains(audit, a => a.StartsWith("ionos.call GET /clusters?filter.name=", StringComparison.Ordinal));
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task RunOnce_IonosRefuses422_FailsWithIonosMessagesAndDeletesTheSecret()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync(TestData.Spec() with { Username = "postgres" });
        var executor = world.CreateExecutor();

        await executor.RunOnceAsync(Ct);

        var failed = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Failed, failed.Status);
        Assert.StartsWith("IONOS refused the request: [", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("properties.credentials.username 'postgres' is reserved", failed.LastError, StringComparison.Ordinal);
        Assert.False(await world.HasSecretAsync(request.Id));
        Assert.Empty(world.Clusters);
        Assert.Equal(RequestEvent.Failed, Assert.Single(world.Notifier.Sent).Event);

        world.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await executor.RunOnceAsync(Ct));
        Assert.Equal(1, world.Posts);
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task RunOnce_ClusterFailedBeyondTheWindow_FailsWithTheStatusMessage()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();
        await executor.RunOnceAsync(Ct);
        var cluster = Single(world);
        world.Emulator.Store.FailCluster(ExecutionHarness.Region, cluster.Id, "Storage could not be attached.");

        world.Advance(TimeSpan.FromSeconds(5));
        await executor.RunOnceAsync(Ct);

        var failing = await world.ReloadAsync(request.Id);
        Assert.Equal(
            (ClusterRequestStatus.Provisioning, "Storage could not be attached.", ExecutionHarness.Start.AddSeconds(5)),
            (failing.Status, failing.StatusMessage, failing.FailedObservedSince));

        world.Advance(TimeSpan.FromMinutes(9));
        await executor.RunOnceAsync(Ct);
        Assert.Equal(ClusterRequestStatus.Provisioning, (await world.ReloadAsync(request.Id)).Status);

        world.Advance(TimeSpan.FromMinutes(1));
        await executor.RunOnceAsync(Ct);

        var failed = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Failed, failed.Status);
        Assert.Contains("FAILED", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("Storage could not be attached.", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(RequestEvent.Failed, Assert.Single(world.Notifier.Sent).Event);
        Assert.Equal(cluster.Id, Single(world).Id);
    }

    /// <summary>
    /// The emulator cannot bring a FAILED cluster back, so its recovery is simulated on the portal's side of the wire: a
    /// hook rewrites FAILED to AVAILABLE in the cluster's GET answer, as IONOS does after a transient failure.
    /// </summary>
    [Fact]
    public async Task RunOnce_ClusterFailedThenAvailableWithinTheWindow_Completes()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();
        await executor.RunOnceAsync(Ct);
        var cluster = Single(world);
        world.Emulator.Store.FailCluster(ExecutionHarness.Region, cluster.Id, "Transient node failure.");
        world.Advance(TimeSpan.FromSeconds(5));
        await executor.RunOnceAsync(Ct);
        Assert.NotNull((await world.ReloadAsync(request.Id)).FailedObservedSince);

        world.IonosHook = RecoverFailedClusters;
        world.Advance(TimeSpan.FromMinutes(5));
        await executor.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Completed, (DateTimeOffset?)null), (completed.Status, completed.FailedObservedSince));
        Assert.Equal(RequestEvent.Completed, Assert.Single(world.Notifier.Sent).Event);
        Assert.Equal(1, world.Posts);
        Single(world);
    }

    [Fact]
    public async Task RunOnce_ExecutorDiesRightAfterThePostAndAnotherTakesOverAfterTheLease_CompletesWithOneCluster()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        world.IonosHook = (message, response) =>
            message.Method == HttpMethod.Post ? throw new SimulatedCrashException() : Task.FromResult(response);
        var executorA = world.CreateExecutor(ExecutionHarness.DefaultOptions("executor-a"));

        await executorA.RunOnceAsync(Ct);

        var orphaned = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Submitting, "executor-a"), (orphaned.Status, orphaned.LeaseOwner));
        Assert.Single(world.Clusters);
        world.IonosHook = null;
        var executorB = world.CreateExecutor(ExecutionHarness.DefaultOptions("executor-b"));

        world.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await executorB.RunOnceAsync(Ct));

        world.Advance(TimeSpan.FromMinutes(1));
        await executorB.RunOnceAsync(Ct);
        world.Advance(ProvisioningDelay);
        await executorB.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Completed, Single(world).Id.ToString()), (completed.Status, completed.TargetClusterId));
        Assert.Equal(1, world.Posts);
        Assert.False(await world.HasSecretAsync(request.Id));
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task RunOnce_NoFinalStateWithinTheProvisioningTimeout_NeedsAttention()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, TimeSpan.FromHours(3));
        var request = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();
        await executor.RunOnceAsync(Ct);

        world.Advance(TimeSpan.FromMinutes(59));
        await executor.RunOnceAsync(Ct);
        Assert.Equal(ClusterRequestStatus.Provisioning, (await world.ReloadAsync(request.Id)).Status);

        world.Advance(TimeSpan.FromMinutes(1));
        await executor.RunOnceAsync(Ct);

        var parked = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.NeedsAttention, (string?)null), (parked.Status, parked.LeaseOwner));
        Assert.StartsWith("No final state after 01:00:00", parked.LastError, StringComparison.Ordinal);
        Assert.Contains("PROVISIONING", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(RequestEvent.NeedsAttention, Assert.Single(world.Notifier.Sent).Event);
        world.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await executor.RunOnceAsync(Ct));
        Single(world);
    }

    [Fact]
    public async Task RunOnce_ClusterNotFoundWhileProvisioning_IsTransientUntilItAppears()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();
        await executor.RunOnceAsync(Ct);
        world.Emulator.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters/*", Status = 404, Times = 1 });

        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);

        var waiting = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Provisioning, waiting.Status);
        Assert.Contains("404", waiting.LastError, StringComparison.Ordinal);

        world.Advance(TimeSpan.FromSeconds(5));
        await executor.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Completed, (string?)null), (completed.Status, completed.LastError));
        Single(world);
    }

    [Fact]
    public async Task RunOnce_PendingSecretMissing_NeedsAttentionWithoutPosting()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync(withSecret: false);

        await world.CreateExecutor().RunOnceAsync(Ct);

        var parked = await world.ReloadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.NeedsAttention, parked.Status);
        Assert.Contains("password is no longer stored", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(0, world.Posts);
        Assert.Empty(world.Clusters);
    }

    [Fact]
    public async Task RunOnce_FollowChecks_AreScheduledOnePollIntervalApart()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var request = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();
        await executor.RunOnceAsync(Ct);
        Assert.Equal(ExecutionHarness.Start.AddSeconds(5), (await world.ReloadAsync(request.Id)).NextAttemptAt);

        world.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await executor.RunOnceAsync(Ct));
        world.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await executor.RunOnceAsync(Ct));

        var followed = await world.ReloadAsync(request.Id);
        Assert.Equal((ClusterRequestStatus.Provisioning, ExecutionHarness.Start.AddSeconds(10)), (followed.Status, followed.NextAttemptAt));
        Assert.Equal(1, world.Emulator.Calls.Count("GET", "/clusters/*"));
        Single(world);
    }

    [Fact]
    public async Task RunOnce_ApprovedRestore_PostsRestoreFromBackupAndCompletes()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var source = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();
        await executor.RunOnceAsync(Ct);
        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);
        var backup = Assert.Single(world.Emulator.Store.Backups(ExecutionHarness.Region));
        var restore = await world.AddApprovedRestoreAsync(TestData.Spec() with { RestoreSourceBackupId = backup.Id.ToString() });

        await executor.RunOnceAsync(Ct);
        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(restore.Id);
        Assert.Equal(ClusterRequestStatus.Completed, completed.Status);
        Assert.Equal(ClusterRequestStatus.Completed, (await world.ReloadAsync(source.Id)).Status);
        Assert.Equal([source.Spec.Name, restore.Spec.Name], world.Clusters.Select(c => c.Name));
        Assert.Equal(2, world.Posts);
    }

    private static EmulatedCluster Single(ExecutionHarness world) => Assert.Single(world.Clusters);

    private static string Describe(Application.Domain.Audit.AuditEntry entry)
    {
        using var details = JsonDocument.Parse(entry.Details);
        var root = details.RootElement;
        return entry.Action == ExecutionAudit.IonosCallAction
            ? $"{entry.Action} {root.GetProperty("method").GetString()} {root.GetProperty("path").GetString()} {root.GetProperty("status").GetInt32()}"
            : $"{entry.Action} {root.GetProperty("from").GetString()}->{root.GetProperty("to").GetString()}";
    }

    /// <summary>IONOS after a transient failure: the same cluster, now AVAILABLE and without a status message.</summary>
    private static async Task<HttpResponseMessage> RecoverFailedClusters(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (request.Method != HttpMethod.Get || response.StatusCode != HttpStatusCode.OK)
        {
            return response;
        }

        var body = await response.Content.ReadAsStringAsync();
        var recovered = body.Replace("\"FAILED\"", "\"AVAILABLE\"", StringComparison.Ordinal);
        response.Content = new StringContent(recovered, Encoding.UTF8, "application/json");
        return response;
    }
}

public sealed class PostgreSqlClusterRequestExecutorTests() : ClusterRequestExecutorTests(DatabaseProvider.PostgreSql);

public sealed class SqliteClusterRequestExecutorTests() : ClusterRequestExecutorTests(DatabaseProvider.Sqlite);
