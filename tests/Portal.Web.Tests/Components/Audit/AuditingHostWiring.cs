using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Components.Audit;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Components.Audit;

/// <summary>
/// Wires the audit log into the test host the way Program.cs does with <c>AddPortalAuditing()</c> and
/// <c>MapAuditEndpoints()</c>: the services directly, the export endpoint on a branch at the front of the pipeline (a
/// startup filter cannot add to the app's own endpoint table). When Program.cs maps it, the branch only shadows it.
/// </summary>
internal static class AuditingHostWiring
{
    public static IServiceCollection AddAuditingForTests(this IServiceCollection services)
    {
        services.AddPortalAuditing();
        services.AddTransient<IStartupFilter, ExportEndpointStartupFilter>();
        return services;
    }

    private sealed class ExportEndpointStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.MapWhen(
                http => http.Request.Path.Equals(AuditFilterQuery.ExportPath, StringComparison.OrdinalIgnoreCase),
                branch =>
                {
                    branch.UseRouting();
                    branch.UseAuthentication();
                    branch.UseAuthorization();
                    branch.UseEndpoints(endpoints => endpoints.MapAuditEndpoints());
                });
            next(app);
        };
    }
}
