using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Portal.Application.Clusters;

namespace Portal.Infrastructure.Ionos;

/// <summary>
/// Adapter: <see cref="IBackupCatalog"/> over <c>GET /backups</c>. Lists carry no total, so a page asks for one item
/// more than it shows: that item tells whether another page follows (the real API's <c>_links.next</c> is not trusted).
/// </summary>
public sealed class IonosBackupCatalog(IIonosPostgresClientFactory clients) : IBackupCatalog
{
    public const int MaxLimit = 100;

    public async Task<BackupPage> ListAsync(string region, string? clusterId, int offset, int limit, CancellationToken cancellationToken)
    {
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, MaxLimit);
        var client = clients.GetClient(region);
        ResourceList<BackupRead> list;
        try
        {
            list = await client.ListBackupsAsync(
                new BackupListQuery { ClusterId = string.IsNullOrWhiteSpace(clusterId) ? null : clusterId, Offset = offset, Limit = limit + 1 },
                cancellationToken);
        }
        catch (Exception ex) when (IonosCatalog.ToUnavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }

        var items = (list.Items ?? []).Select(ToView).ToList();
        return new BackupPage([.. items.Take(limit)], offset, limit, items.Count > limit);
    }

    public async Task<BackupView?> GetAsync(string region, string backupId, CancellationToken cancellationToken)
    {
        var client = clients.GetClient(region);
        try
        {
            return ToView(await client.GetBackupAsync(backupId, cancellationToken));
        }
        catch (IonosApiException ex) when (ex.IsNotFound || ex.IsValidation)
        {
            return null;
        }
        catch (Exception ex) when (IonosCatalog.ToUnavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }
    }

    private static BackupView ToView(BackupRead backup) => new(
        backup.Id,
        backup.Properties?.ClusterId ?? "",
        backup.Properties?.PostgresClusterVersion,
        backup.Properties?.IsActive ?? false,
        backup.Properties?.EarliestRecoveryTargetTime,
        backup.Properties?.LatestRecoveryTargetTime,
        backup.Properties?.Location,
        backup.Metadata?.CreatedDate);
}
