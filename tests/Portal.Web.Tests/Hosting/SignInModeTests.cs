using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Hosting;

public sealed class SignInModeTests
{
    [Theory]
    [InlineData("Development", null, null, SignInKind.Demo)]
    [InlineData("Production", "true", null, SignInKind.Demo)]
    [InlineData("Development", null, "11111111-2222-3333-4444-555555555555", SignInKind.EntraId)]
    [InlineData("Production", "true", "11111111-2222-3333-4444-555555555555", SignInKind.EntraId)]
    public void SignInModeFor_Settings_ChoosesMode(string environment, string? demoMode, string? clientId, SignInKind expected)
    {
        var mode = AuthenticationRegistration.SignInModeFor(Configuration(demoMode, clientId), new FakeEnvironment(environment));

        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void SignInModeFor_NoEntraIdOutsideDevelopmentWithoutDemoMode_RefusesToStartAndNamesTheSettings(string environment)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AuthenticationRegistration.SignInModeFor(Configuration(demoMode: null, clientId: null), new FakeEnvironment(environment)));

        Assert.Contains("AzureAd:ClientId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Portal:DemoMode", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/offerings", "/offerings")]
    [InlineData("/approvals?x=1", "/approvals?x=1")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example.com/", "/")]
    [InlineData("//evil.example.com/", "/")]
    [InlineData("/\\evil.example.com/", "/")]
    public void SafeReturnUrl_OnlyLocalPathsAreFollowed(string? returnUrl, string expected)
    {
        Assert.Equal(expected, AccountEndpoints.SafeReturnUrl(returnUrl));
    }

    private static IConfiguration Configuration(string? demoMode, string? clientId) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DemoMode"] = demoMode,
            ["AzureAd:ClientId"] = clientId,
        }).Build();

    private sealed class FakeEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Portal.Web";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
