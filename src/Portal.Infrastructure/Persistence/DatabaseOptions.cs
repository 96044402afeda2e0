namespace Portal.Infrastructure.Persistence;

/// <summary>Section <c>Database</c>; the connection string comes from <c>ConnectionStrings:Portal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "Portal";
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/portal.db";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the host starts. On by default so a bare <c>dotnet run</c> works.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Bound from <c>ConnectionStrings:Portal</c>, not from this section. Optional for SQLite.</summary>
    public string? ConnectionString { get; set; }
}
