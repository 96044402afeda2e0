using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>The audit log's CSV export: the audit page's filters as query parameters, streamed as it is read.</summary>
public static class AuditEndpoints
{
    public const string ExportedAction = "audit.exported";

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(AuditFilterQuery.ExportPath, ExportCsvAsync)
            .RequireAuthorization(PortalPolicies.AuditReader)
            .WithName("ExportAuditCsv");
        return endpoints;
    }

    private static async Task<IResult> ExportCsvAsync(HttpContext http, AuditLogQueries queries, IAuditLog auditLog, TimeProvider time)
    {
        AuditFilter filter;
        IAsyncEnumerable<AuditRecord> records;
        try
        {
            filter = AuditFilterQuery.Parse(http.Request.Query);
            records = queries.Stream(filter);
        }
        catch (AuditQueryException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "The export filter is not valid");
        }

        // An export is an action like any other: who took what out of the log, and with which filter.
        var now = time.GetUtcNow();
        var user = http.User.ToPortalUser();
        await auditLog.AppendAsync(
            new AuditEvent(now, new Actor(user.Id, user.DisplayName), ExportedAction, "AuditLog", "export", null, null,
                Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
                JsonSerializer.Serialize(AuditFilterQuery.ToParameters(filter))),
            http.RequestAborted);

        // Exports can be long: rows go out as they are written, not buffered.
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var fileName = $"audit-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.csv";
        return Results.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
                await AuditCsv.WriteAsync(records, writer, cancellationToken: http.RequestAborted);
            },
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: fileName);
    }
}
