using Microsoft.Extensions.DependencyInjection;

namespace Portal.Application.Requests.Queries;

public static class QueriesRegistration
{
    /// <summary>Read-side queries over requests; their ports are implemented by Infrastructure.</summary>
    public static IServiceCollection AddPortalRequestQueries(this IServiceCollection services)
    {
        services.AddScoped<ClusterRequestQueries>();
        return services;
    }

    /// <summary>"My requests" and the app bar badge; <see cref="IRequestNewsStore"/> is implemented by Infrastructure.</summary>
    public static IServiceCollection AddPortalRequestNews(this IServiceCollection services)
    {
        services.AddScoped<MyRequestsQueries>();
        return services;
    }
}
