using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Infrastructure.Persistence;

/// <summary>The portal database on PostgreSQL (production). Migrations: Persistence/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlPortalDbContext : PortalDbContext
{
    public PostgreSqlPortalDbContext(DbContextOptions<PostgreSqlPortalDbContext> options)
        : base(options)
    {
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Npgsql refuses to write a DateTimeOffset whose offset is not zero, in rows and in query parameters alike
        // ("created after <local time>"). Normalising to UTC here accepts any offset, as SQLite does.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }

    private sealed class ToUtcConverter : ValueConverter<DateTimeOffset, DateTimeOffset>
    {
        public ToUtcConverter()
            : base(value => value.ToUniversalTime(), value => value)
        {
        }
    }
}
