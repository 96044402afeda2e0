using Ionos.Emulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Tests.Ionos;

/// <summary>The IONOS emulator on a real loopback port, and the portal's IONOS adapters pointed at it (DBaaS and Cloud API).</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator has not started.");

    public async ValueTask InitializeAsync() =>
        _server = await EmulatorServer.StartAsync(
            new EmulatorOptions { ProvisioningDelay = TimeSpan.FromMilliseconds(50) },
            cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Section <c>Ionos</c> as the portal would read it, with one quick retry so fault tests stay fast.</summary>
    public Dictionary<string, string?> IonosSettings() => new()
    {
        ["Ionos:Token"] = "test-token",
        ["Ionos:Regions:0:Code"] = "de-txl",
        ["Ionos:Regions:0:BaseUrl"] = Server.RegionAddress("de-txl").ToString(),
        ["Ionos:Regions:1:Code"] = "de-fra",
        ["Ionos:Regions:1:BaseUrl"] = Server.RegionAddress("de-fra").ToString(),
        ["Ionos:CloudApiBaseUrl"] = new Uri(Server.BaseAddress, "cloudapi/v6/").ToString(),
        ["Ionos:MaxRetryAttempts"] = "1",
        ["Ionos:RetryBaseDelay"] = "00:00:00.010",
        ["Ionos:RetryMaxDelay"] = "00:00:00.050",
    };

    /// <summary>The adapters as <c>AddPortalIonosAdapters</c> registers them; <paramref name="contexts"/> stands in for <c>AddPortalData</c>.</summary>
    public ServiceProvider BuildAdapters(IDbContextFactory<PortalDbContext>? contexts = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(IonosSettings()).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPortalIonosAdapters(configuration);
        if (contexts is not null)
        {
            services.AddSingleton(contexts);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = contexts is not null, ValidateScopes = true });
    }
}
