using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add ... --context PostgreSqlPortalDbContext</c> run without the web host. Adding a
/// migration does not connect; <c>dotnet ef database update</c> uses PORTAL_DESIGN_POSTGRES when set.
/// </summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlPortalDbContext>
{
    public PostgreSqlPortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextOptions.ForPostgreSql(
            Environment.GetEnvironmentVariable("PORTAL_DESIGN_POSTGRES") ?? "Host=127.0.0.1;Database=portal_design"));
}
