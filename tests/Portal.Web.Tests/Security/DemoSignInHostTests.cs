using Microsoft.AspNetCore.Hosting;
using Portal.TestSupport;

namespace Portal.Web.Tests.Security;

/// <summary>The real host refuses to start in Production with neither Entra ID nor an explicit demo mode.</summary>
public sealed class DemoSignInHostTests
{
    [Fact]
    public async Task Start_ProductionWithoutEntraIdOrDemoMode_RefusesAndNamesTheSettings()
    {
        await using var portal = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Portal"] = PostgresTestDatabase.ServerConnectionString,
            ["Database:MigrateOnStartup"] = "false",
        });
        await using var production = portal.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.ThrowsAny<Exception>(() => production.Server);

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("No sign-in is configured", messages, StringComparison.Ordinal);
        Assert.Contains("Portal:DemoMode", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
