using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ionos.PostgreSql.Tests.Fakes;

/// <summary>
/// Builds the library exactly as a host would (AddIonosPostgreSql + IHttpClientFactory + resilience pipeline),
/// with a stub primary handler, a fake clock and a capturing logger.
/// </summary>
public sealed class TestClients : IDisposable
{
    public const string Token = "test-token-5ecret";

    private TestClients(ServiceProvider provider, StubHttpHandler handler, FakeTimeProvider time, CapturingLoggerProvider logs)
    {
        Provider = provider;
        Handler = handler;
        Time = time;
        Logs = logs;
    }

    public ServiceProvider Provider { get; }

    public StubHttpHandler Handler { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public IIonosPostgresClientFactory Factory => Provider.GetRequiredService<IIonosPostgresClientFactory>();

    public IonosPostgresClient Client(string region = "de-txl") => Factory.GetClient(region);

    public static TestClients Create(Action<IonosPostgresOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var handler = new StubHttpHandler();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();
        var collection = new ServiceCollection();
        collection.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        collection.AddSingleton<TimeProvider>(time);
        collection.AddIonosPostgreSql(options =>
        {
            options.Regions.Add(new IonosRegionOptions { Code = "de-txl" });
            options.Token = Token;
            // Zero backoff keeps retry tests free of clock handling; Retry-After tests use the fake clock.
            options.RetryBaseDelay = TimeSpan.Zero;
            options.MaxRetryAttempts = 3;
            configure?.Invoke(options);
        });
        collection.AddHttpClient(IonosPostgreSqlServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        services?.Invoke(collection);
        return new TestClients(collection.BuildServiceProvider(validateScopes: true), handler, time, logs);
    }

    public void Dispose() => Provider.Dispose();
}
