using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Infrastructure.Persistence;

/// <summary>The portal database on SQLite (zero-configuration and demo mode). Migrations: Persistence/Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext : PortalDbContext
{
    public SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options)
        : base(options)
    {
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // SQLite has no DateTimeOffset type and EF cannot compare or order the text form; UTC ticks compare and
        // sort like the instants they stand for, so "order by time" and "older than" work as on PostgreSQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter : ValueConverter<DateTimeOffset, long>
    {
        public UtcTicksConverter()
            : base(value => value.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero))
        {
        }
    }
}
