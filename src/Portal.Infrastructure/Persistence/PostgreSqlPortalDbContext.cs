using Microsoft.EntityFrameworkCore;

namespace Portal.Infrastructure.Persistence;

/// <summary>The portal database on PostgreSQL (production). Migrations: Persistence/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlPortalDbContext : PortalDbContext
{
    public PostgreSqlPortalDbContext(DbContextOptions<PostgreSqlPortalDbContext> options)
        : base(options)
    {
    }
}
