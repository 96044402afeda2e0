using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ionos.Emulator.Tests;

/// <summary>The standalone host (Program) bound from configuration, through WebApplicationFactory.</summary>
public sealed class HostingTests
{
    private static WebApplicationFactory<EmulatorOptions> Factory(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<EmulatorOptions>().WithWebHostBuilder(builder =>
        {
            builder.UseContentRoot(AppContext.BaseDirectory);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    [Fact]
    public async Task Program_ConfigurationSection_OverridesDefaults()
    {
        await using var factory = Factory(
            ("Emulator:Regions:0", "gb-lhr"),
            ("Emulator:Regions:1", "us-las"),
            ("Emulator:DefaultRegion", "gb-lhr"),
            ("Emulator:Token", "s3cret"),
            ("Emulator:ProvisioningDelay", "00:00:05"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");

        var options = factory.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        using var region = await client.GetAsync("us-las/versions", TestContext.Current.CancellationToken);
        using var missing = await client.GetAsync("de-txl/versions", TestContext.Current.CancellationToken);

        Assert.Equal(["gb-lhr", "us-las"], options.Regions);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ProvisioningDelay);
        Assert.Equal(HttpStatusCode.OK, region.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Program_Defaults_ServeAllNineRegionsAndRequireBearer()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        var options = factory.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        using var anonymous = await client.GetAsync("clusters", TestContext.Current.CancellationToken);

        Assert.Equal(EmulatorOptions.AllRegions, options.Regions);
        Assert.Equal("de-txl", options.DefaultRegion);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public void Program_InvalidDefaultRegion_FailsAtStartNamingTheSetting()
    {
        using var factory = Factory(("Emulator:DefaultRegion", "mars-1"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Emulator:DefaultRegion", error.Message, StringComparison.Ordinal);
    }
}
