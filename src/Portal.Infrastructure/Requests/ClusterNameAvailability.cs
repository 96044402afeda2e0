using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Requests;

/// <summary>
/// Adapter: a name is taken in a region by an open request, by a known cluster that has not vanished, or by a cluster
/// IONOS lists right now (which also covers clusters created outside the portal since the last refresh).
/// Names compare case-insensitively.
/// </summary>
public sealed class ClusterNameAvailability(IDbContextFactory<PortalDbContext> contexts, IIonosPostgresClientFactory clients) : IClusterNameAvailability
{
    private static readonly ClusterRequestStatus[] OpenStatuses =
    [
        ClusterRequestStatus.PendingApproval,
        ClusterRequestStatus.Approved,
        ClusterRequestStatus.Submitting,
        ClusterRequestStatus.Provisioning,
        ClusterRequestStatus.NeedsAttention,
    ];

    public async Task<NameAvailability> CheckAsync(string region, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        name = name.Trim();
        var lowered = name.ToLowerInvariant();

        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // ToLower() becomes SQL lower() on both providers; names are ASCII (IONOS allows [A-Za-z0-9._-]).
#pragma warning disable CA1304, CA1311, CA1862 // string.Equals(..., OrdinalIgnoreCase) has no SQL translation
            var openRequest = await context.ClusterRequests.AsNoTracking()
                .Where(r => r.Region == region && OpenStatuses.Contains(r.Status) && r.ClusterName.ToLower() == lowered)
                .OrderBy(r => r.CreatedAt)
                .Select(r => new { r.Id, r.Status })
                .FirstOrDefaultAsync(cancellationToken);
            if (openRequest is not null)
            {
                return new NameAvailability(false,
                    $"Request {openRequest.Id} for a cluster named '{name}' in {region} is {Describe(openRequest.Status)}; choose another name.");
            }

            var knownCluster = await context.ClusterSnapshots.AsNoTracking()
                .AnyAsync(s => s.Region == region && s.VanishedAt == null && s.Name.ToLower() == lowered, cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
            if (knownCluster)
            {
                return new NameAvailability(false, $"A cluster named '{name}' exists in {region}; choose another name.");
            }
        }

        return await ExistsInIonosAsync(region, name, cancellationToken)
            ? new NameAvailability(false, $"A cluster named '{name}' exists in {region} in IONOS; choose another name.")
            : NameAvailability.Available;
    }

    /// <summary><c>filter.name</c> matches substrings, so the names it returns are compared exactly (ignoring case).</summary>
    private async Task<bool> ExistsInIonosAsync(string region, string name, CancellationToken cancellationToken)
    {
        var client = clients.GetClient(region);
        try
        {
            await foreach (var cluster in client.EnumerateClustersAsync(new ClusterListQuery { Name = name }, cancellationToken))
            {
                if (string.Equals(cluster.Properties?.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (IonosCatalog.ToUnavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }

        return false;
    }

    private static string Describe(ClusterRequestStatus status) => status switch
    {
        ClusterRequestStatus.PendingApproval => "pending approval",
        ClusterRequestStatus.Approved => "approved and waiting to run",
        ClusterRequestStatus.Submitting => "being submitted to IONOS",
        ClusterRequestStatus.Provisioning => "provisioning",
        ClusterRequestStatus.NeedsAttention => "waiting for an administrator (needs attention)",
        _ => status.ToString(),
    };
}
