using System.Text.Json.Nodes;

namespace Ionos.Emulator;

/// <summary>The small read-only part of the IONOS Cloud API v6 the network step needs. Global: served at the root only.</summary>
internal static class CloudApi
{
    public const string Prefix = "/cloudapi/v6";

    private static readonly DateTimeOffset SeedDate = new(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);

    public static Task<ApiResponse> ListDatacentersAsync(ApiRequest request)
    {
        var href = Href(request, "/datacenters");
        var items = new JsonArray([.. SeedData.Datacenters.Select(d => (JsonNode)Datacenter(request, d))]);
        return Task.FromResult(ApiResponse.Json(200, new JsonObject
        {
            ["id"] = "datacenters",
            ["type"] = "collection",
            ["href"] = href,
            ["items"] = items,
        }));
    }

    public static Task<ApiResponse> GetDatacenterAsync(ApiRequest request) =>
        Task.FromResult(FindDatacenter(request) is { } d ? ApiResponse.Json(200, Datacenter(request, d)) : DatacenterNotFound(request));

    public static Task<ApiResponse> ListLansAsync(ApiRequest request)
    {
        if (FindDatacenter(request) is not { } d)
        {
            return Task.FromResult(DatacenterNotFound(request));
        }

        return Task.FromResult(ApiResponse.Json(200, new JsonObject
        {
            ["id"] = $"{d.Id}/lans",
            ["type"] = "collection",
            ["href"] = Href(request, $"/datacenters/{d.Id}/lans"),
            ["items"] = new JsonArray([.. d.Lans.Select(l => (JsonNode)Lan(request, d, l))]),
        }));
    }

    public static Task<ApiResponse> GetLanAsync(ApiRequest request)
    {
        if (FindDatacenter(request) is not { } d)
        {
            return Task.FromResult(DatacenterNotFound(request));
        }

        var lanId = request.RouteValue("lanId");
        return Task.FromResult(d.Lans.FirstOrDefault(l => l.Id == lanId) is { } lan
            ? ApiResponse.Json(200, Lan(request, d, lan))
            : ApiResponse.Error(404, $"Resource LAN '{lanId}' of data center '{d.Id}' was not found"));
    }

    private static SeedDatacenter? FindDatacenter(ApiRequest request) =>
        Guid.TryParse(request.RouteValue("datacenterId"), out var id) ? SeedData.Datacenters.FirstOrDefault(d => d.Id == id) : null;

    private static ApiResponse DatacenterNotFound(ApiRequest request) =>
        ApiResponse.Error(404, $"Resource data center '{request.RouteValue("datacenterId")}' was not found");

    private static string Href(ApiRequest request, string path) => Wire.Root(request.Context) + Prefix + path;

    private static JsonObject Metadata() => new()
    {
        ["etag"] = "45480eb3fbfc31f1d916c1eaa4abdcc3",
        ["createdDate"] = Wire.Timestamp(SeedDate),
        ["createdBy"] = "owner@example.com",
        ["createdByUserId"] = "63cef532-26fe-4a64-a4e0-de7c8a506c90",
        ["lastModifiedDate"] = Wire.Timestamp(SeedDate),
        ["lastModifiedBy"] = "owner@example.com",
        ["lastModifiedByUserId"] = "63cef532-26fe-4a64-a4e0-de7c8a506c90",
        ["state"] = "AVAILABLE",
    };

    private static JsonObject Datacenter(ApiRequest request, SeedDatacenter d) => new()
    {
        ["id"] = d.Id.ToString(),
        ["type"] = "datacenter",
        ["href"] = Href(request, $"/datacenters/{d.Id}"),
        ["metadata"] = Metadata(),
        ["properties"] = new JsonObject
        {
            ["name"] = d.Name,
            ["description"] = d.Description,
            ["location"] = d.Location,
            ["version"] = d.Version,
            ["features"] = new JsonArray("cloud-init", "ssd", "vnf-lan"),
            ["secAuthProtection"] = false,
            ["cpuArchitecture"] = new JsonArray(),
            ["ipv6CidrBlock"] = null,
            ["defaultSecurityGroupId"] = null,
        },
    };

    private static JsonObject Lan(ApiRequest request, SeedDatacenter d, SeedLan l) => new()
    {
        ["id"] = l.Id,
        ["type"] = "lan",
        ["href"] = Href(request, $"/datacenters/{d.Id}/lans/{l.Id}"),
        ["metadata"] = Metadata(),
        ["properties"] = new JsonObject
        {
            ["name"] = l.Name,
            ["ipFailover"] = new JsonArray(),
            ["ipv4CidrBlock"] = null,
            ["ipv6CidrBlock"] = l.Ipv6CidrBlock,
            ["pcc"] = null,
            ["public"] = l.Public,
        },
    };
}
