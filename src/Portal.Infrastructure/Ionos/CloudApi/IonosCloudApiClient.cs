using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Serialization;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Portal.Infrastructure.Ionos.CloudApi;

/// <summary>
/// The two Cloud API v6 reads the network step needs, with the DBaaS client's token, timeouts and retry counts.
/// Like the DBaaS client, every non-success response throws <see cref="IonosApiException"/> and a call that runs out
/// of time throws <see cref="TimeoutException"/>.
/// </summary>
public sealed class IonosCloudApiClient(
    IHttpClientFactory httpClientFactory,
    ICloudApiEndpoint endpoint,
    IOptionsMonitor<IonosPostgresOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>The named <see cref="HttpClient"/> (with its own resilience pipeline) this client sends with.</summary>
    public const string HttpClientName = "Ionos.CloudApi";

    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    /// <summary>
    /// Every datacenter the token can see, with properties (<c>depth=1</c>), page by page. Stops on a short or empty
    /// page, and after one page when the server does not page at all (no <c>limit</c> in the answer).
    /// </summary>
    public async IAsyncEnumerable<CloudApiDatacenter> EnumerateDatacentersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(options.CurrentValue.PageSize, 1, IonosPaging.MaxPageSize);
        var offset = 0;
        for (var pages = 0; pages < IonosPaging.MaxPages; pages++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"datacenters?depth=1&offset={offset}&limit={pageSize}");
            var page = await GetAsync<CloudApiCollection<CloudApiDatacenter>>(path, cancellationToken);
            foreach (var datacenter in page.Items)
            {
                yield return datacenter;
            }

            var limit = page.Limit is > 0 and var l ? Math.Min(l, pageSize) : 0;
            if (page.Items.Count == 0 || limit == 0 || page.Items.Count < limit)
            {
                yield break;
            }

            offset += page.Items.Count;
        }
    }

    /// <summary>The LANs of one datacenter, with properties (<c>depth=1</c>).</summary>
    public async Task<IReadOnlyList<CloudApiLan>> ListLansAsync(string datacenterId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datacenterId);
        var page = await GetAsync<CloudApiCollection<CloudApiLan>>(
            $"datacenters/{Uri.EscapeDataString(datacenterId.Trim())}/lans?depth=1", cancellationToken);
        return page.Items;
    }

    private async Task<T> GetAsync<T>(string relativePath, CancellationToken cancellationToken)
    {
        var token = options.CurrentValue.ResolveToken() ?? throw new InvalidOperationException(
            "No IONOS token: set Ionos:Token or the environment variable named by Ionos:TokenEnvironmentVariable.");
        var uri = new Uri(endpoint.GetCloudApiBaseAddress(), relativePath);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(JsonMediaType);

        using var http = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"IONOS Cloud API GET {uri.AbsolutePath} timed out.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new IonosApiException(
                    HttpMethod.Get, uri.AbsolutePath, response.StatusCode, await ReadMessagesAsync(response, cancellationToken), RetryAfter(response));
            }

            var result = await response.Content.ReadFromJsonAsync<T>(IonosJson.Options, cancellationToken);
            return result ?? throw new JsonException($"IONOS Cloud API GET {uri.AbsolutePath} returned {(int)response.StatusCode} without a body.");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<IReadOnlyList<IonosErrorMessage>> ReadMessagesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(body)
                ? []
                : JsonSerializer.Deserialize<IonosError>(body, IonosJson.Options)?.Messages?.Where(m => m is not null).ToArray() ?? [];
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException)
        {
            // A proxy's HTML page or a broken connection: the status still tells the story.
            return [];
        }
    }
}
