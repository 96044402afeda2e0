using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Offerings;
using Portal.Application.Requests.Create;

namespace Portal.Application;

public static class ApplicationRegistration
{
    /// <summary>The application's use cases. Their ports are implemented by Infrastructure.</summary>
    public static IServiceCollection AddPortalApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<OfferingsService>();
        services.AddScoped<CreateClusterService>();
        return services;
    }
}
