using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Execution;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Tests.Execution;

/// <summary>Options, registration, the wake-up signal and the refusal message: the executor's parts that need no IONOS.</summary>
public sealed class RequestExecutionSetupTests
{
    private static readonly int[] AttemptCounts = [1, 2, 3, 4, 5, 6, 7, 50];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Options_Defaults_AreTheDocumentedOnesAndValid()
    {
        var options = new RequestExecutionOptions();

        Assert.Equal(
            (TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60), 10),
            (options.PollInterval, options.LeaseDuration, options.RetryBaseDelay, options.RetryMaxDelay, options.FailedFinalAfter, options.ProvisioningTimeout, options.BatchSize));
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), options.InstanceName, StringComparison.Ordinal);
        Assert.True(new RequestExecutionOptionsValidator(TimeSpan.FromSeconds(90)).Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEverySetting()
    {
        var options = new RequestExecutionOptions
        {
            PollInterval = TimeSpan.Zero,
            LeaseDuration = TimeSpan.FromSeconds(60),
            RetryBaseDelay = TimeSpan.FromMinutes(10),
            RetryMaxDelay = TimeSpan.FromMinutes(5),
            FailedFinalAfter = TimeSpan.FromSeconds(-1),
            ProvisioningTimeout = TimeSpan.Zero,
            BatchSize = 0,
            InstanceName = " ",
        };

        var result = new RequestExecutionOptionsValidator(TimeSpan.FromSeconds(90)).Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in new[] { "PollInterval", "LeaseDuration", "RetryMaxDelay", "FailedFinalAfter", "ProvisioningTimeout", "BatchSize", "InstanceName" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"Portal:Execution:{setting}", StringComparison.Ordinal));
        }

        Assert.Contains(result.Failures!, f => f.Contains("Ionos:TotalTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void RetryDelay_Attempts_DoublesUpToTheMaximum()
    {
        var options = new RequestExecutionOptions { RetryBaseDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromMinutes(5) };

        Assert.Equal(
            [5, 10, 20, 40, 80, 160, 300, 300],
            AttemptCounts.Select(attempts => (int)options.RetryDelay(attempts).TotalSeconds));
    }

    [Fact]
    public void AddPortalRequestExecution_Defaults_RegistersOneSignalTheLoopAndANoOpNotifier()
    {
        using var services = Build([]);

        var signal = services.GetRequiredService<RequestExecutionSignal>();
        Assert.Same(signal, services.GetRequiredService<IRequestExecutionSignal>());
        Assert.IsType<NullRequestNotifier>(services.GetRequiredService<IRequestNotifier>());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is RequestExecutorService);
        Assert.Equal(TimeSpan.FromSeconds(5), services.GetRequiredService<IOptions<RequestExecutionOptions>>().Value.PollInterval);
    }

    [Fact]
    public void AddPortalRequestExecution_DisabledWithANotifier_RunsNoLoopAndKeepsTheNotifier()
    {
        var notifier = new RecordingNotifier();
        using var services = Build(new() { ["Portal:Execution:Enabled"] = "false", ["Portal:Execution:PollInterval"] = "00:00:30" }, notifier);

        Assert.Same(notifier, services.GetRequiredService<IRequestNotifier>());
        Assert.DoesNotContain(services.GetServices<IHostedService>(), s => s is RequestExecutorService);
        Assert.Equal(TimeSpan.FromSeconds(30), services.GetRequiredService<IOptions<RequestExecutionOptions>>().Value.PollInterval);
    }

    [Fact]
    public void AddPortalRequestExecution_InvalidSetting_FailsWhenOptionsAreRead()
    {
        using var services = Build(new() { ["Portal:Execution:LeaseDuration"] = "00:00:30" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RequestExecutionOptions>>().Value);

        Assert.Contains("Portal:Execution:LeaseDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_Woken_ReturnsAtOnceAndTheWakeIsUsedUp()
    {
        using var signal = new RequestExecutionSignal();
        var clock = new FakeTimeProvider(ExecutionHarness.Start);
        signal.Wake();
        signal.Wake();

        Assert.True(await signal.WaitAsync(TimeSpan.FromMinutes(1), clock, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));

        var waiting = signal.WaitAsync(TimeSpan.FromMinutes(1), clock, Ct);
        Assert.False(waiting.IsCompleted);
        signal.Wake();
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task WaitAsync_NotWoken_ReturnsWhenThePollIntervalPassesOnTheClock()
    {
        using var signal = new RequestExecutionSignal();
        var clock = new FakeTimeProvider(ExecutionHarness.Start);

        var waiting = signal.WaitAsync(TimeSpan.FromSeconds(5), clock, Ct);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct));

        // The abandoned wait did not swallow a later wake-up.
        signal.Wake();
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(5), clock, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public void RefusalMessage_IonosMessages_JoinsThemReadably()
    {
        var exception = new IonosApiException(
            HttpMethod.Post,
            "/clusters",
            System.Net.HttpStatusCode.UnprocessableEntity,
            [new IonosErrorMessage { ErrorCode = "validationError", Message = "name too long" }, new IonosErrorMessage { Message = "bad lan" }]);

        Assert.Equal("IONOS refused the request: [validationError] name too long; bad lan", ClusterRequestExecutor.RefusalMessage(exception));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, IRequestNotifier? notifier = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (notifier is not null)
        {
            services.AddSingleton(notifier);
        }

        services.AddSingleton(Options.Create(new IonosPostgresOptions { TotalTimeout = TimeSpan.FromSeconds(90) }));
        services.AddSingleton<IIonosPostgresClientFactory>(new UnusedIonosClients());
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(new UnusedContexts());
        services.AddSingleton<ISecretProtector>(new UnusedProtector());
        services.AddPortalRequestExecution(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private sealed class UnusedIonosClients : IIonosPostgresClientFactory
    {
        public IReadOnlyList<string> Regions => [];

        public IonosPostgresClient GetClient(string regionCode) => throw new NotSupportedException();
    }

    private sealed class UnusedContexts : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => throw new NotSupportedException();
    }

    private sealed class UnusedProtector : ISecretProtector
    {
        public string Protect(string plaintext) => throw new NotSupportedException();

        public string Unprotect(string ciphertext) => throw new NotSupportedException();
    }
}
