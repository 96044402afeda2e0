namespace Portal.Application.Offerings;

/// <summary>Port: what IONOS offers in a region (PostgreSQL versions and backup locations), read live.</summary>
public interface IIonosCatalog
{
    Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken);

    Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken);
}

/// <summary>Support status of a PostgreSQL version as IONOS reports it.</summary>
public enum VersionSupportStatus
{
    Unknown,
    Recommended,
    Supported,
    Deprecated,
    Beta,
}

public sealed record PostgresVersionOffering(
    string Version,
    VersionSupportStatus Status,
    string StatusRaw,
    string? Comment,
    IReadOnlyList<string> CanUpgradeTo);

public sealed record BackupLocationOffering(string Id, string Location);
