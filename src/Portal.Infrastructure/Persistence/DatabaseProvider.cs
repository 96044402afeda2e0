namespace Portal.Infrastructure.Persistence;

/// <summary>The supported values of <c>Database:Provider</c>.</summary>
public static class DatabaseProvider
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    public static bool IsSqlite(string? provider) => string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    public static bool IsPostgreSql(string? provider) => string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase);
}
