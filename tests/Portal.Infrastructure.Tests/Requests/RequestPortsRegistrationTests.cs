using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Queries;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Ionos.CloudApi;
using Portal.Infrastructure.Requests;

namespace Portal.Infrastructure.Tests.Requests;

public sealed class RequestPortsRegistrationTests
{
    [Fact]
    public void AddPortalInfrastructureAndIonosAdapters_AsTheHostCallsThem_ResolveEveryApplicationService()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"portal-reg-{Guid.NewGuid():N}.db")}",
            ["Ionos:Token"] = "test-token",
            ["Ionos:Regions:0:Code"] = "de-txl",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddPortalInfrastructure(configuration).AddPortalIonosAdapters(configuration).AddPortalApplication();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<CreateClusterService>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<RequestDecisionService>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<PolicyService>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<AuditLogQueries>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ClusterQueries>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<MyRequestsQueries>());
        Assert.IsType<DataProtectionSecretProtector>(provider.GetRequiredService<ISecretProtector>());
        Assert.IsType<IonosNetworkCatalog>(provider.GetRequiredService<INetworkCatalog>());
        Assert.Equal(IonosCloudApiOptions.DefaultBaseUrl, provider.GetRequiredService<ICloudApiEndpoint>().GetCloudApiBaseAddress());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5081/cloudapi/v6", "http://127.0.0.1:5081/cloudapi/v6/")]
    [InlineData("http://127.0.0.1:5081/cloudapi/v6/", "http://127.0.0.1:5081/cloudapi/v6/")]
    public void CloudApiEndpoint_ConfiguredBaseUrl_AlwaysEndsWithASlash(string configured, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ionos:Token"] = "test-token",
            ["Ionos:CloudApiBaseUrl"] = configured,
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddPortalIonosAdapters(configuration).BuildServiceProvider();

        Assert.Equal(new Uri(expected), provider.GetRequiredService<ICloudApiEndpoint>().GetCloudApiBaseAddress());
    }
}
