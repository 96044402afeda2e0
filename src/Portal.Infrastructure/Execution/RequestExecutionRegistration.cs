using Ionos.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Application.Requests.Execution;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Execution;

public static class RequestExecutionRegistration
{
    /// <summary>
    /// The request executor: <see cref="RequestExecutionOptions"/> (section <c>Portal:Execution</c>, validated on start),
    /// the wake-up signal (also as <see cref="IRequestExecutionSignal"/>), <see cref="ClusterRequestExecutor"/>, and its
    /// hosted loop unless <c>Portal:Execution:Enabled</c> is false. Registers a no-op <see cref="IRequestNotifier"/> only
    /// when none is registered. Needs <c>AddPortalData</c> and <c>AddPortalIonosAdapters</c>.
    /// </summary>
    public static IServiceCollection AddPortalRequestExecution(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(RequestExecutionOptions.SectionName);
        services.AddOptions<RequestExecutionOptions>().Bind(section).ValidateOnStart();
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<RequestExecutionOptions>)))
        {
            services.AddSingleton<IValidateOptions<RequestExecutionOptions>>(provider =>
                new RequestExecutionOptionsValidator(provider.GetService<IOptions<IonosPostgresOptions>>()?.Value.TotalTimeout));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RequestExecutionSignal>();
        services.TryAddSingleton<IRequestExecutionSignal>(provider => provider.GetRequiredService<RequestExecutionSignal>());
        services.TryAddSingleton<IRequestNotifier, NullRequestNotifier>();
        services.TryAddSingleton<ClusterRequestExecutor>();

        if (section.GetValue(nameof(RequestExecutionOptions.Enabled), defaultValue: true))
        {
            services.AddHostedService<RequestExecutorService>();
        }

        return services;
    }
}
