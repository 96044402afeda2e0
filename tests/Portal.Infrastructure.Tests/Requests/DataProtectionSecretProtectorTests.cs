using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Requests;

/// <summary>The protector as <c>AddPortalData</c> registers it: Data Protection with its key ring in the portal database.</summary>
public abstract class DataProtectionSecretProtectorTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ProtectThenUnprotect_Password_RoundTripsAndCiphertextHidesIt()
    {
        using var services = BuildPortal();
        var protector = services.GetRequiredService<ISecretProtector>();

        var ciphertext = protector.Protect("Sup3r-Secret-Pw");

        Assert.NotEqual("Sup3r-Secret-Pw", ciphertext);
        Assert.DoesNotContain("Sup3r", ciphertext, StringComparison.Ordinal);
        Assert.Equal("Sup3r-Secret-Pw", protector.Unprotect(ciphertext));
    }

    [Fact]
    public async Task Unprotect_OnAnotherReplicaSharingTheDatabase_DecryptsWithThePersistedKeys()
    {
        string ciphertext;
        using (var first = BuildPortal())
        {
            ciphertext = first.GetRequiredService<ISecretProtector>().Protect("Replica-Pw-1");
        }

        using var second = BuildPortal();

        Assert.Equal("Replica-Pw-1", second.GetRequiredService<ISecretProtector>().Unprotect(ciphertext));
        await using var context = fixture.CreateContext();
        Assert.NotEmpty(await context.DataProtectionKeys.ToListAsync(Ct));
    }

    private ServiceProvider BuildPortal()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(fixture.DataSettings()).Build();
        return new ServiceCollection().AddLogging().AddPortalData(configuration).BuildServiceProvider();
    }
}

public sealed class SqliteDataProtectionSecretProtectorTests(SqliteDatabaseFixture fixture)
    : DataProtectionSecretProtectorTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlDataProtectionSecretProtectorTests(PostgreSqlDatabaseFixture fixture)
    : DataProtectionSecretProtectorTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
