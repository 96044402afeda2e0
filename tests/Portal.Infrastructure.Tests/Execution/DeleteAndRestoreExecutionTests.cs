using System.Net;
using System.Text.Json;
using Ionos.Emulator;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Execution;

/// <summary>
/// Delete requests against the real emulator (DELETE, DESTROYING, 404) and the restore POST body, on both providers.
/// Each test first creates a real cluster through the executor, so the delete acts on a cluster IONOS knows.
/// </summary>
public abstract class DeleteAndRestoreExecutionTests(string provider)
{
    private static readonly TimeSpan ProvisioningDelay = TimeSpan.FromMinutes(3);
    // The emulator's DESTROYING lasts 4 s; the executor looks again after its 5 s poll interval.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delete_Approved_SendsDeleteFollowsDestroyingUntil404AndCompletes()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (executor, clusterId, teamId) = await CreateClusterAsync(world);
        var delete = await AddApprovedDeleteAsync(world, teamId, clusterId);

        await executor.RunOnceAsync(Ct);

        var destroying = await world.ReloadAsync(delete.Id);
        Assert.Equal(ClusterRequestStatus.Provisioning, destroying.Status);
        Assert.Equal("DESTROYING", Assert.Single(world.Clusters).State);

        world.Advance(PollInterval);
        await executor.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(delete.Id);
        Assert.Equal(ClusterRequestStatus.Completed, completed.Status);
        Assert.Empty(world.Clusters);
        Assert.Equal(1, world.Emulator.Calls.Count("DELETE", "/clusters/*"));
        Assert.Contains(world.Notifier.Sent, n => n.RequestId == delete.Id && n.Event == RequestEvent.Completed);
        var audit = await world.AuditOfAsync(delete.Id);
        Assert.Contains(audit, a => a.Details.Contains("\"DELETE\"", StringComparison.Ordinal) && a.Details.Contains("202", StringComparison.Ordinal));
        await world.AssertUnbrokenAuditChainAsync();
    }

    [Fact]
    public async Task Delete_ConnectionDroppedAfterIonosAccepted_LooksFirstAndNeverDeletesTwice()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (executor, clusterId, teamId) = await CreateClusterAsync(world);
        var delete = await AddApprovedDeleteAsync(world, teamId, clusterId);
        world.Emulator.Faults.Add(new FaultRule { Method = "DELETE", Path = "/clusters/*", Kind = FaultKind.Drop, Times = 1 });

        await executor.RunOnceAsync(Ct);

        var ambiguous = await world.ReloadAsync(delete.Id);
        Assert.Equal(ClusterRequestStatus.Submitting, ambiguous.Status);
        Assert.Contains("No clear answer", ambiguous.LastError, StringComparison.Ordinal);

        world.Advance(PollInterval);
        await executor.RunOnceAsync(Ct);

        Assert.Equal(ClusterRequestStatus.Completed, (await world.ReloadAsync(delete.Id)).Status);
        Assert.Contains(world.Emulator.Calls.Calls, c => c is { Method: "GET", Status: 404 } && c.Path.EndsWith(clusterId, StringComparison.Ordinal));
        Assert.Equal(1, world.Emulator.Calls.Count("DELETE", "/clusters/*"));
        Assert.Empty(world.Clusters);
    }

    [Fact]
    public async Task Delete_ClusterAlreadyGone_CompletesOn404()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (executor, _, teamId) = await CreateClusterAsync(world);
        var delete = await AddApprovedDeleteAsync(world, teamId, Guid.NewGuid().ToString());

        await executor.RunOnceAsync(Ct);

        var completed = await world.ReloadAsync(delete.Id);
        Assert.Equal(ClusterRequestStatus.Completed, completed.Status);
        Assert.Single(world.Clusters);
        var audit = await world.AuditOfAsync(delete.Id);
        Assert.Contains(audit, a => a.Details.Contains("already gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_ProtectionTurnedOnAfterApproval_FailsWithReasonAndSendsNothing()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (executor, clusterId, teamId) = await CreateClusterAsync(world);
        var delete = await AddApprovedDeleteAsync(world, teamId, clusterId);
        await using (var context = world.CreateContext())
        {
            var snapshot = await context.ClusterSnapshots.SingleAsync(s => s.ClusterId == clusterId, Ct);
            snapshot.SetDeletionProtection(true);
            await context.SaveChangesAsync(Ct);
        }

        await executor.RunOnceAsync(Ct);

        var failed = await world.ReloadAsync(delete.Id);
        Assert.Equal(ClusterRequestStatus.Failed, failed.Status);
        Assert.Contains("Deletion protection was turned on", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("An Admin can lift", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, world.Emulator.Calls.Count("DELETE", "/clusters/*"));
        Assert.Equal("AVAILABLE", Assert.Single(world.Clusters).State);
        Assert.Contains(world.Notifier.Sent, n => n.RequestId == delete.Id && n.Event == RequestEvent.Failed);
    }

    [Fact]
    public async Task Delete_StillThereAfterTimeout_NeedsAttention()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (executor, clusterId, teamId) = await CreateClusterAsync(world);
        var delete = await AddApprovedDeleteAsync(world, teamId, clusterId);

        // IONOS keeps answering DESTROYING, as if the delete hung.
        world.IonosHook = async (request, response) =>
        {
            if (request.Method == HttpMethod.Get && response.StatusCode == HttpStatusCode.NotFound)
            {
                response.StatusCode = HttpStatusCode.OK;
                response.Content = new StringContent(
                    $$$"""{"id":"{{{clusterId}}}","type":"cluster","metadata":{"state":"DESTROYING"},"properties":{"name":"x"}}""",
                    System.Text.Encoding.UTF8,
                    "application/json");
            }

            return await Task.FromResult(response);
        };
        await executor.RunOnceAsync(Ct);
        world.Advance(TimeSpan.FromMinutes(30));
        await executor.RunOnceAsync(Ct);
        Assert.Equal(ClusterRequestStatus.Provisioning, (await world.ReloadAsync(delete.Id)).Status);

        world.Advance(TimeSpan.FromMinutes(31));
        await executor.RunOnceAsync(Ct);

        var parked = await world.ReloadAsync(delete.Id);
        Assert.Equal(ClusterRequestStatus.NeedsAttention, parked.Status);
        Assert.Contains("still not gone", parked.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_Approved_PostBodyCarriesRestoreFromBackupWithTheChosenTime()
    {
        await using var world = await ExecutionHarness.StartAsync(provider, ProvisioningDelay);
        var (executor, _, _) = await CreateClusterAsync(world);
        var backup = Assert.Single(world.Emulator.Store.Backups(ExecutionHarness.Region));
        world.Advance(TimeSpan.FromMinutes(2));
        var target = backup.EarliestRecoveryTargetTime.AddMinutes(1);
        string? body = null;
        world.IonosHook = async (request, response) =>
        {
            if (request.Method == HttpMethod.Post && request.Content is not null)
            {
                body = await request.Content.ReadAsStringAsync();
            }

            return response;
        };
        var restore = await world.AddApprovedRestoreAsync(TestData.Spec() with { RestoreSourceBackupId = backup.Id.ToString(), RecoveryTargetTime = target });

        await executor.RunOnceAsync(Ct);

        Assert.NotNull(body);
        using var json = JsonDocument.Parse(body);
        var restoreFrom = json.RootElement.GetProperty("properties").GetProperty("restoreFromBackup");
        Assert.Equal(backup.Id.ToString(), restoreFrom.GetProperty("sourceBackupId").GetString());
        Assert.Equal(target.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), restoreFrom.GetProperty("recoveryTargetDatetime").GetString());
        Assert.DoesNotContain(ExecutionHarness.Password, (await world.AuditOfAsync(restore.Id)).Select(a => a.Details).Aggregate((a, b) => a + b), StringComparison.Ordinal);
        Assert.Equal(ClusterRequestStatus.Provisioning, (await world.ReloadAsync(restore.Id)).Status);
    }

    /// <summary>A cluster created (and AVAILABLE) through the executor, and its snapshot as the refresher would store it.</summary>
    private static async Task<(ClusterRequestExecutor Executor, string ClusterId, Guid TeamId)> CreateClusterAsync(ExecutionHarness world)
    {
        var create = await world.AddApprovedCreateAsync();
        var executor = world.CreateExecutor();
        await executor.RunOnceAsync(Ct);
        world.Advance(ProvisioningDelay);
        await executor.RunOnceAsync(Ct);
        var created = await world.ReloadAsync(create.Id);
        Assert.Equal(ClusterRequestStatus.Completed, created.Status);
        await using var context = world.CreateContext();
        var (snapshot, change) = ClusterSnapshot.FirstSeen(ExecutionHarness.Region, created.TargetClusterId!, TestData.Observed(created.ClusterName), created.TeamId, world.Clock.GetUtcNow());
        context.ClusterSnapshots.Add(snapshot);
        context.ClusterStateChanges.Add(change);
        await context.SaveChangesAsync(Ct);
        return (executor, created.TargetClusterId!, created.TeamId);
    }

    private static async Task<ClusterRequest> AddApprovedDeleteAsync(ExecutionHarness world, Guid teamId, string clusterId)
    {
        var now = world.Clock.GetUtcNow();
        var request = ClusterRequest.SubmitDelete(teamId, ExecutionHarness.Region, TestData.Alice, clusterId, TestData.Spec(), now);
        request.Approve(TestData.Bob, "ok", now);
        await using var context = world.CreateContext();
        context.ClusterRequests.Add(request);
        await context.SaveChangesAsync(Ct);
        return request;
    }
}

public sealed class PostgreSqlDeleteAndRestoreExecutionTests() : DeleteAndRestoreExecutionTests(DatabaseProvider.PostgreSql);

public sealed class SqliteDeleteAndRestoreExecutionTests() : DeleteAndRestoreExecutionTests(DatabaseProvider.Sqlite);
