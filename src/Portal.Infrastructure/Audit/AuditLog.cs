using Microsoft.EntityFrameworkCore;
using Portal.Application.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// Adapter: appends an entry that belongs to no other change (sign-in, access denied, an export) in a transaction of
/// its own (the save of that one row), through <see cref="AuditTrail"/>; the sealer chains it like every other entry.
/// </summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> contexts) : IAuditLog
{
    public async Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // Nothing else to commit with: the save's own single INSERT is the transaction (no BEGIN and COMMIT round trips).
        AuditTrail.AddUnsealed(context, [audit]);
        await context.SaveChangesAsync(cancellationToken);
    }
}
