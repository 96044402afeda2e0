using Microsoft.EntityFrameworkCore;
using Portal.Application.Audit;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Tests.Audit;

/// <summary>The chain check the tests share: seal what is committed through the real sealer, then verify the whole chain.</summary>
internal static class AuditChainAssert
{
    /// <summary>Seals every committed entry, then asserts the chain is intact, not empty, and nothing is left unsealed.</summary>
    public static async Task<AuditChainVerification> SealedAndIntactAsync(IDbContextFactory<PortalDbContext> contexts)
    {
        var ct = TestContext.Current.CancellationToken;
        await new AuditSealer(contexts).SealAsync(ct);
        var result = await new AuditChainVerifier(new AuditReader(contexts), TimeProvider.System).VerifyAsync(cancellationToken: ct);
        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.True(result.EntriesChecked > 0, "The chain is empty.");
        Assert.Equal(new AuditUnsealed(0, 0), result.Unsealed);
        return result;
    }
}
