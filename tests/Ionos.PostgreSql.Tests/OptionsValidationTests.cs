using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ionos.PostgreSql.Tests;

public class OptionsValidationTests
{
    private static OptionsValidationException StartWith(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddIonosPostgreSql(configuration.GetSection("Ionos"));
        using var provider = services.BuildServiceProvider();

        // What the host runs at start because of ValidateOnStart.
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void Start_BadRegionCode_FailsNamingTheSetting()
    {
        var ex = StartWith(new() { ["Ionos:Regions:0:Code"] = "Berlin", ["Ionos:Token"] = "t" });

        Assert.Contains("Ionos:Regions:0:Code must be a region code like de-txl", ex.Message);
    }

    [Fact]
    public void Start_NoRegions_FailsNamingRegions()
    {
        var ex = StartWith(new() { ["Ionos:Token"] = "t" });

        Assert.Contains("Ionos:Regions must list at least one region", ex.Message);
    }

    [Fact]
    public void Start_NoTokenAnywhere_FailsNamingTokenAndVariable()
    {
        var variable = "IONOS_UNSET_" + Guid.NewGuid().ToString("N");
        var ex = StartWith(new() { ["Ionos:Regions:0:Code"] = "de-txl", ["Ionos:TokenEnvironmentVariable"] = variable });

        Assert.Contains("Ionos:Token is empty", ex.Message);
        Assert.Contains(variable, ex.Message);
    }

    [Fact]
    public void Start_InconsistentTimeoutsAndPageSize_FailsForEach()
    {
        var ex = StartWith(new()
        {
            ["Ionos:Regions:0:Code"] = "de-txl",
            ["Ionos:Regions:1:Code"] = "de-txl",
            ["Ionos:Regions:1:BaseUrl"] = "ftp://example.com",
            ["Ionos:Token"] = "t",
            ["Ionos:AttemptTimeout"] = "00:02:00",
            ["Ionos:TotalTimeout"] = "00:01:00",
            ["Ionos:PageSize"] = "5000",
        });

        Assert.Contains("Ionos:Regions:1:Code repeats region 'de-txl'", ex.Message);
        Assert.Contains("Ionos:Regions:1:BaseUrl must be an absolute http or https URL", ex.Message);
        Assert.Contains("Ionos:AttemptTimeout must not be longer than Ionos:TotalTimeout", ex.Message);
        Assert.Contains("Ionos:PageSize must be between 1 and 1000", ex.Message);
    }

    [Fact]
    public void Bind_ValidSection_ReadsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ionos:Regions:0:Code"] = "de-txl",
            ["Ionos:Regions:1:Code"] = "de-fra",
            ["Ionos:Regions:1:BaseUrl"] = "http://localhost:5081/",
            ["Ionos:Token"] = "t",
            ["Ionos:AttemptTimeout"] = "00:00:10",
            ["Ionos:TotalTimeout"] = "00:00:40",
            ["Ionos:MaxRetryAttempts"] = "2",
            ["Ionos:PageSize"] = "500",
        }).Build();
        var services = new ServiceCollection();
        services.AddIonosPostgreSql(configuration.GetSection("Ionos"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<IonosPostgresOptions>>().Value;

        Assert.Equal(["de-txl", "de-fra"], options.Regions.Select(r => r.Code));
        Assert.Equal(new Uri("http://localhost:5081/"), options.Regions[1].BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), options.TotalTimeout);
        Assert.Equal(2, options.MaxRetryAttempts);
        Assert.Equal(500, options.PageSize);
        Assert.Equal(["de-txl", "de-fra"], provider.GetRequiredService<IIonosPostgresClientFactory>().Regions);
    }
}
