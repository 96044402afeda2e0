using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ionos.Emulator;

/// <summary>
/// Test and demo controls under <c>/_emulator</c> (no bearer check, not counted as calls):
/// fault rules, reset, and the call log.
/// </summary>
internal sealed class AdminApi(EmulatorStore store, EmulatorFaults faults, EmulatorCallLog calls)
{
    public Task ListFaultsAsync(HttpContext context) =>
        ApiResponse.Json(200, new JsonArray([.. faults.Rules.Select(r => (JsonNode)RuleJson(r))])).WriteAsync(context);

    public async Task AddFaultAsync(HttpContext context)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            await ApiResponse.Error(400, $"The fault rule is not valid JSON: {e.Message}").WriteAsync(context);
            return;
        }

        var nodes = node switch
        {
            JsonArray array => array.ToList(),
            JsonObject obj => [obj],
            _ => [],
        };
        var errors = new List<string>();
        var rules = nodes.Select(n => n is JsonObject o ? ReadRule(o, errors) : null).ToList();
        if (nodes.Count == 0 || rules.Any(r => r is null) || errors.Count > 0)
        {
            await ApiResponse.Error(400, errors.Count > 0 ? errors : ["Send a fault rule object or an array of them."]).WriteAsync(context);
            return;
        }

        var added = rules.Select(r => (JsonNode)RuleJson(faults.Add(r!))).ToList();
        await ApiResponse.Json(201, node is JsonArray ? new JsonArray([.. added]) : added[0]).WriteAsync(context);
    }

    public Task ClearFaultsAsync(HttpContext context)
    {
        faults.Clear();
        return ApiResponse.Empty(204).WriteAsync(context);
    }

    public Task RemoveFaultAsync(HttpContext context)
    {
        var removed = Guid.TryParse(context.Request.RouteValues["faultId"]?.ToString(), out var id) && faults.Remove(id);
        return (removed ? ApiResponse.Empty(204) : ApiResponse.Error(404, "No such fault rule")).WriteAsync(context);
    }

    public Task ResetAsync(HttpContext context)
    {
        store.Reset();
        faults.Clear();
        calls.Clear();
        return ApiResponse.Empty(204).WriteAsync(context);
    }

    /// <summary><c>GET /_emulator/calls?method=POST&amp;path=/clusters&amp;region=de-txl</c>: the matching calls and their count.</summary>
    public Task ListCallsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var method = query["method"].ToString();
        var path = query["path"].ToString();
        var region = query["region"].ToString();
        var matching = calls.Calls.Where(c =>
            (method.Length == 0 || string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase))
            && (path.Length == 0 || PathPattern.Matches(path, c.Path))
            && (region.Length == 0 || string.Equals(c.Region, region, StringComparison.OrdinalIgnoreCase))).ToList();
        var counts = new JsonObject();
        foreach (var group in matching.GroupBy(c => $"{c.Method} {c.Path}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            counts[group.Key] = group.Count();
        }

        return ApiResponse.Json(200, new JsonObject
        {
            ["count"] = matching.Count,
            ["counts"] = counts,
            ["calls"] = new JsonArray([.. matching.Select(c => (JsonNode)new JsonObject
            {
                ["method"] = c.Method,
                ["region"] = c.Region,
                ["path"] = c.Path,
                ["status"] = c.Status,
                ["at"] = Wire.Timestamp(c.At),
            })]),
        }).WriteAsync(context);
    }

    public Task ClearCallsAsync(HttpContext context)
    {
        calls.Clear();
        return ApiResponse.Empty(204).WriteAsync(context);
    }

    private static FaultRule? ReadRule(JsonObject o, List<string> errors)
    {
        string? Text(string key) => o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        int? Number(string key) => o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : null;

        var kindText = Text("kind") ?? "status";
        if (!Enum.TryParse<FaultKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            errors.Add("kind must be status, latency or drop");
            return null;
        }

        var delay = TimeSpan.Zero;
        if (o["delay"] is JsonValue delayNode)
        {
            if (delayNode.GetValueKind() == JsonValueKind.Number && delayNode.TryGetValue<double>(out var ms))
            {
                delay = TimeSpan.FromMilliseconds(ms);
            }
            else if (delayNode.GetValueKind() != JsonValueKind.String
                || !TimeSpan.TryParse(delayNode.GetValue<string>(), CultureInfo.InvariantCulture, out delay))
            {
                errors.Add("delay must be a TimeSpan string (00:00:02) or a number of milliseconds");
                return null;
            }
        }

        var status = Number("status") ?? (kind == FaultKind.Status ? 500 : 0);
        if (kind == FaultKind.Status && status is < 400 or > 599)
        {
            errors.Add("status must be between 400 and 599");
            return null;
        }

        return new FaultRule
        {
            Method = Text("method"),
            Path = Text("path") ?? "/**",
            Region = Text("region"),
            Kind = kind,
            Status = status,
            RetryAfterSeconds = Number("retryAfterSeconds"),
            Delay = delay,
            Times = Number("times"),
        };
    }

    private static JsonObject RuleJson(FaultRule r) => new()
    {
        ["id"] = r.Id.ToString(),
        ["method"] = r.Method,
        ["path"] = r.Path,
        ["region"] = r.Region,
        ["kind"] = r.Kind.ToString().ToLowerInvariant(),
        ["status"] = r.Status,
        ["retryAfterSeconds"] = r.RetryAfterSeconds,
        ["delay"] = r.Delay.ToString("c", CultureInfo.InvariantCulture),
        ["times"] = r.Times,
    };
}
