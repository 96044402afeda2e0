using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Infrastructure.Persistence;

namespace Portal.Web.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database is reachable and migrated (Unhealthy otherwise);
/// each IONOS region's reachability is reported as Degraded, never Unhealthy, so the portal stays in service while IONOS is down.
/// </summary>
public static class PortalHealthChecks
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        // Database: Unhealthy when unreachable or behind this version's migrations. IONOS: one Degraded-on-failure check per configured region.
        services.AddHealthChecks().AddPortalDatabaseCheck().AddPortalDatabaseMigrationCheck();
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>, IonosRegionHealthChecksSetup>();
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync })
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed class IonosRegionHealthChecksSetup(IRegionCatalog regions) : IConfigureOptions<HealthCheckServiceOptions>
    {
        public void Configure(HealthCheckServiceOptions options)
        {
            foreach (var region in regions.Regions)
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    $"ionos-{region}",
                    sp => new IonosRegionHealthCheck(sp.GetRequiredService<IIonosCatalog>(), region),
                    HealthStatus.Degraded,
                    [ReadyTag],
                    TimeSpan.FromSeconds(10)));
            }
        }
    }
}

/// <summary>Reads the region's version list; any failure is Degraded (the portal keeps serving, IONOS-backed steps say so).</summary>
public sealed class IonosRegionHealthCheck(IIonosCatalog catalog, string region) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var versions = await catalog.GetVersionsAsync(region, cancellationToken);
            return HealthCheckResult.Healthy($"IONOS {region} reachable ({versions.Count} versions offered)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, OfferingsService.IonosUnavailableMessage(region, ex));
        }
    }
}
