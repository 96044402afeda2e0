using Microsoft.EntityFrameworkCore;

namespace Portal.Infrastructure.Persistence;

/// <summary>Exposes the provider's (pooled) factory as <see cref="IDbContextFactory{PortalDbContext}"/>.</summary>
internal sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
    where TContext : PortalDbContext
{
    public PortalDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
