using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add ... --context SqlitePortalDbContext</c> run without the web host.</summary>
internal sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextOptions.ForSqlite("Data Source=design-time.db"));
}
