using Microsoft.EntityFrameworkCore;
using Portal.Application.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// Adapter: appends an entry that belongs to no other change (sign-in, access denied, an export) in a transaction of
/// its own, through <see cref="AuditTrail"/>; the sealer chains it like every other entry.
/// </summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> contexts) : IAuditLog
{
    public async Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await AuditTrail.AppendAsync(context, audit, cancellationToken);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
