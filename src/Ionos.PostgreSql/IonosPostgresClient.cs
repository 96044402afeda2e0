using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Serialization;
using Polly.Timeout;

namespace Ionos.PostgreSql;

/// <summary>
/// The IONOS DBaaS PostgreSQL v2 API of one region. Get one from <see cref="IIonosPostgresClientFactory"/>.
/// Ids are the API's UUIDs as strings. Every non-success response throws <see cref="IonosApiException"/>;
/// a call that runs out of time throws <see cref="TimeoutException"/>.
/// </summary>
public sealed class IonosPostgresClient
{
    /// <summary>Request option carrying the region, for handlers in the pipeline (logging).</summary>
    public static readonly HttpRequestOptionsKey<string> RegionOption = new("Ionos.PostgreSql.Region");

    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly Func<string?> _token;
    private readonly TimeProvider _timeProvider;
    private readonly int _pageSize;

    /// <param name="region">Region code, e.g. <c>de-txl</c>.</param>
    /// <param name="httpClient">A client whose <see cref="HttpClient.BaseAddress"/> is the region's host.</param>
    /// <param name="token">Returns the bearer token at request time.</param>
    /// <param name="pageSize">Page size of the Enumerate* methods.</param>
    /// <param name="timeProvider">Clock used to turn a Retry-After date into a delay.</param>
    public IonosPostgresClient(string region, HttpClient httpClient, Func<string?> token, int pageSize = IonosPaging.DefaultPageSize, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(token);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress (the region's host).", nameof(httpClient));
        }

        Region = region;
        _http = httpClient;
        _token = token;
        _pageSize = pageSize;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Region { get; }

    /// <summary>The region's base address this client sends to.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    // ---- clusters ----

    public Task<ResourceList<ClusterRead>> ListClustersAsync(ClusterListQuery? query = null, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceList<ClusterRead>>(HttpMethod.Get, ClustersPath(query, query?.Offset, query?.Limit), null, cancellationToken);

    /// <summary>Every cluster matching the filters, page by page (<see cref="ListQuery.Limit"/> is the page size).</summary>
    public IAsyncEnumerable<ClusterRead> EnumerateClustersAsync(ClusterListQuery? query = null, CancellationToken cancellationToken = default) =>
        IonosPaging.EnumerateAsync(
            (offset, limit, ct) => SendAsync<ResourceList<ClusterRead>>(HttpMethod.Get, ClustersPath(query, offset, limit), null, ct),
            query?.Limit ?? _pageSize,
            query?.Offset ?? 0,
            cancellationToken);

    public Task<ClusterRead> GetClusterAsync(string clusterId, CancellationToken cancellationToken = default) =>
        SendAsync<ClusterRead>(HttpMethod.Get, ItemPath("clusters", clusterId), null, cancellationToken);

    /// <summary>POST <c>/clusters</c>. Never retried automatically: after an ambiguous failure, look the cluster up by name.</summary>
    public Task<ClusterRead> CreateClusterAsync(ClusterCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ClusterRead>(HttpMethod.Post, "clusters", request, cancellationToken);
    }

    /// <summary>
    /// PUT <c>/clusters/{id}</c> with <c>{id, properties}</c>: creates or fully replaces the cluster (200 or 201).
    /// Send the full cluster including credentials; omitted optional fields are reset by the server.
    /// </summary>
    public Task<ClusterRead> EnsureClusterAsync(string clusterId, ClusterEnsureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = ItemPath("clusters", clusterId);
        if (string.IsNullOrEmpty(request.Id))
        {
            request = request with { Id = clusterId };
        }
        else if (!string.Equals(request.Id, clusterId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The request id '{request.Id}' differs from the cluster id '{clusterId}' in the path.", nameof(request));
        }

        return SendAsync<ClusterRead>(HttpMethod.Put, path, request, cancellationToken);
    }

    /// <summary>DELETE <c>/clusters/{id}</c>; the API answers 202 and the cluster goes DESTROYING until GET returns 404.</summary>
    public Task DeleteClusterAsync(string clusterId, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, ItemPath("clusters", clusterId), null, cancellationToken);

    // ---- backups ----

    public Task<ResourceList<BackupRead>> ListBackupsAsync(BackupListQuery? query = null, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceList<BackupRead>>(HttpMethod.Get, BackupsPath(query, query?.Offset, query?.Limit), null, cancellationToken);

    public IAsyncEnumerable<BackupRead> EnumerateBackupsAsync(BackupListQuery? query = null, CancellationToken cancellationToken = default) =>
        IonosPaging.EnumerateAsync(
            (offset, limit, ct) => SendAsync<ResourceList<BackupRead>>(HttpMethod.Get, BackupsPath(query, offset, limit), null, ct),
            query?.Limit ?? _pageSize,
            query?.Offset ?? 0,
            cancellationToken);

    public Task<BackupRead> GetBackupAsync(string backupId, CancellationToken cancellationToken = default) =>
        SendAsync<BackupRead>(HttpMethod.Get, ItemPath("backups", backupId), null, cancellationToken);

    // ---- backup locations ----

    public Task<ResourceList<BackupLocationRead>> ListBackupLocationsAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceList<BackupLocationRead>>(HttpMethod.Get, ListPath("backup-locations", query?.Offset, query?.Limit, []), null, cancellationToken);

    public IAsyncEnumerable<BackupLocationRead> EnumerateBackupLocationsAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        IonosPaging.EnumerateAsync(
            (offset, limit, ct) => SendAsync<ResourceList<BackupLocationRead>>(HttpMethod.Get, ListPath("backup-locations", offset, limit, []), null, ct),
            query?.Limit ?? _pageSize,
            query?.Offset ?? 0,
            cancellationToken);

    public Task<BackupLocationRead> GetBackupLocationAsync(string backupLocationId, CancellationToken cancellationToken = default) =>
        SendAsync<BackupLocationRead>(HttpMethod.Get, ItemPath("backup-locations", backupLocationId), null, cancellationToken);

    // ---- versions ----

    public Task<ResourceList<PostgresVersionRead>> ListVersionsAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceList<PostgresVersionRead>>(HttpMethod.Get, ListPath("versions", query?.Offset, query?.Limit, []), null, cancellationToken);

    public IAsyncEnumerable<PostgresVersionRead> EnumerateVersionsAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        IonosPaging.EnumerateAsync(
            (offset, limit, ct) => SendAsync<ResourceList<PostgresVersionRead>>(HttpMethod.Get, ListPath("versions", offset, limit, []), null, ct),
            query?.Limit ?? _pageSize,
            query?.Offset ?? 0,
            cancellationToken);

    public Task<PostgresVersionRead> GetVersionAsync(string versionId, CancellationToken cancellationToken = default) =>
        SendAsync<PostgresVersionRead>(HttpMethod.Get, ItemPath("versions", versionId), null, cancellationToken);

    public override string ToString() => $"IonosPostgresClient {{ Region = {Region}, BaseAddress = {SafeDisplay(BaseAddress)} }}";

    /// <summary>Scheme, host, port and path: never user-info or query of a configured URL.</summary>
    internal static string SafeDisplay(Uri uri) => $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}";

    // ---- plumbing ----

    private static string ClustersPath(ClusterListQuery? query, int? offset, int? limit)
    {
        var state = query?.State is { } s ? ClusterStates.ToWire(s) : null;
        return ListPath("clusters", offset, limit, [("filter.name", query?.Name), ("filter.state", state)]);
    }

    private static string BackupsPath(BackupListQuery? query, int? offset, int? limit) =>
        ListPath("backups", offset, limit, [("filter.clusterId", query?.ClusterId)]);

    private static string ListPath(string collection, int? offset, int? limit, (string Name, string? Value)[] filters)
    {
        if (offset is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Offset must not be negative.");
        }

        if (limit is < 1 or > IonosPaging.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"Limit must be between 1 and {IonosPaging.MaxPageSize}.");
        }

        var query = new List<string>();
        if (offset is { } o)
        {
            query.Add("offset=" + o.ToString(CultureInfo.InvariantCulture));
        }

        if (limit is { } l)
        {
            query.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (name, value) in filters)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        return query.Count == 0 ? collection : collection + "?" + string.Join('&', query);
    }

    private static string ItemPath(string collection, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return collection + "/" + Uri.EscapeDataString(id.Trim());
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string relativePath, object? body, CancellationToken cancellationToken)
    {
        var token = _token() ?? throw new InvalidOperationException(
            "No IONOS token: set the Token option or the environment variable named by TokenEnvironmentVariable.");

        using var request = new HttpRequestMessage(method, relativePath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(JsonMediaType);
        request.Options.Set(RegionOption, Region);
        if (body is not null)
        {
            // Buffered (not streamed) so the body has a length and can be inspected by handlers.
            var json = JsonSerializer.Serialize(body, body.GetType(), IonosJson.Options);
            request.Content = new StringContent(json, Encoding.UTF8, JsonMediaType.MediaType!);
        }

        var path = new Uri(_http.BaseAddress!, relativePath).AbsolutePath;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"IONOS API {method} {path} in region {Region} timed out.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await IonosApiException.FromResponseAsync(response, method, path, Region, _timeProvider, cancellationToken);
            }

            if (typeof(T) == typeof(object))
            {
                return default!;
            }

            var result = await response.Content.ReadFromJsonAsync<T>(IonosJson.Options, cancellationToken);
            return result ?? throw new JsonException($"IONOS API {method} {path} returned {(int)response.StatusCode} without a body.");
        }
    }
}
