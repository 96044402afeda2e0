using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Ionos.PostgreSql;

public static class IonosPostgreSqlServiceCollectionExtensions
{
    /// <summary>The named <see cref="HttpClient"/> every region's client is created from.</summary>
    public const string HttpClientName = "Ionos.PostgreSql";

    public const string ResiliencePipelineName = "ionos-postgresql";

    /// <summary>
    /// Registers the client bound to a configuration section, e.g. <c>configuration.GetSection("Ionos")</c>.
    /// Options are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddIonosPostgreSql(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<IonosPostgresOptions>().Bind(section);
        var path = section is IConfigurationSection s ? s.Path : IonosPostgresOptions.DefaultSectionName;
        return AddCore(services, path);
    }

    /// <summary>Registers the client configured in code. Validation messages name settings as <c>Ionos:...</c>.</summary>
    public static IServiceCollection AddIonosPostgreSql(this IServiceCollection services, Action<IonosPostgresOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<IonosPostgresOptions>().Configure(configure);
        return AddCore(services, IonosPostgresOptions.DefaultSectionName);
    }

    private static IServiceCollection AddCore(IServiceCollection services, string sectionPath)
    {
        services.AddOptions<IonosPostgresOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IonosPostgresOptions>>(new IonosPostgresOptionsValidator(sectionPath)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIonosEndpointProvider, OptionsIonosEndpointProvider>();
        services.TryAddSingleton<IonosPostgresClients>();
        services.TryAddSingleton<IIonosPostgresClientFactory>(sp => sp.GetRequiredService<IonosPostgresClients>());
        services.AddMetrics();
        services.TryAddSingleton<IonosClientMetrics>();
        services.TryAddTransient<IonosRequestLoggingHandler>();

        var http = services.AddHttpClient(HttpClientName, client =>
            {
                // The resilience pipeline owns time limits (per attempt and in total); HttpClient's own 100 s would cut across them.
                client.Timeout = Timeout.InfiniteTimeSpan;
            });
        http.AddResilienceHandler(ResiliencePipelineName, static (pipeline, context) =>
            {
                context.EnableReloads<IonosPostgresOptions>();
                ConfigurePipeline(
                    pipeline,
                    context.GetOptions<IonosPostgresOptions>(),
                    context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System);
            });

        // Added after the resilience handler, so it is the inner handler and logs every attempt.
        http.AddHttpMessageHandler<IonosRequestLoggingHandler>();

        return services;
    }

    /// <summary>
    /// Total timeout → retry (GET only) → per-attempt timeout. No circuit breaker: a small portal polls each region a
    /// few times a minute, too little traffic for a failure ratio to mean anything, and an open breaker would also
    /// reject the user's own writes with a confusing error while the bounded retry already limits load on IONOS.
    /// </summary>
    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IonosPostgresOptions options, TimeProvider timeProvider)
    {
        // Polly would otherwise use TimeProvider.System; taking it from DI lets tests drive backoff and Retry-After with a fake clock.
        pipeline.TimeProvider = timeProvider;
        pipeline.AddTimeout(options.TotalTimeout);

        if (options.MaxRetryAttempts > 0)
        {
            var maxRetryAfter = options.MaxRetryAfter;
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                // A Retry-After header replaces the backoff delay, so a 429 waits at least as long as the server asked.
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, maxRetryAfter)),
            };

            // Only GET is retried. POST has no idempotency key: a retry after a lost response can create a second
            // cluster. PUT replaces the whole cluster and DELETE starts destruction; repeating either after an
            // ambiguous failure may fail with 409/404 or act on a state the caller did not see, so the caller decides.
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
        }

        pipeline.AddTimeout(options.AttemptTimeout);
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = response.StatusCode;
        if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && response.Headers.RetryAfter?.Delta is { } wait && wait > maxRetryAfter)
        {
            // Waiting that long inside one call would block the caller; hand the RetryAfter back instead.
            return false;
        }

        return status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
    }
}
