using Microsoft.Extensions.DependencyInjection;

namespace Portal.Application.Requests.Approvals;

public static class ApprovalsRegistration
{
    /// <summary>
    /// Decisions on requests and the submit hook (quota marking, auto-approval). Needs Infrastructure's stores, an
    /// <see cref="Execution.IRequestExecutionSignal"/> (the executor) and an <see cref="Notifications.IRequestNotifier"/>.
    /// </summary>
    public static IServiceCollection AddPortalApprovals(this IServiceCollection services)
    {
        services.AddScoped<RequestDecisionService>();
        services.AddScoped<SubmissionApprovals>();
        return services;
    }
}
