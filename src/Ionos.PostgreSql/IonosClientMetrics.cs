using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Ionos.PostgreSql;

/// <summary>
/// The client's metrics under its own meter <see cref="MeterName"/> (plain System.Diagnostics.Metrics, so any listener,
/// OpenTelemetry or not, can read them). One measurement per HTTP attempt, retries included:
/// <c>ionos.postgresql.request.duration</c> (seconds) and <c>ionos.postgresql.request.errors</c> (answers of 400 and
/// above, and attempts that got no answer). Tags: region, method, a path template (ids replaced by <c>{id}</c>, so the
/// number of series stays small), status code, and <c>error.type</c> for failures.
/// </summary>
public sealed class IonosClientMetrics
{
    public const string MeterName = "Ionos.PostgreSql";
    public const string DurationInstrument = "ionos.postgresql.request.duration";
    public const string ErrorsInstrument = "ionos.postgresql.request.errors";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;

    public IonosClientMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram(
            DurationInstrument,
            unit: "s",
            description: "Duration of one HTTP attempt to the IONOS DBaaS PostgreSQL API.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _errors = meter.CreateCounter<long>(
            ErrorsInstrument,
            unit: "{error}",
            description: "IONOS API attempts that answered 400 or above, or got no answer (timeout, connection lost).");
    }

    internal void Record(string region, HttpMethod method, string path, int? statusCode, string? errorType, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "ionos.region", region },
            { "http.request.method", method.Method },
            { "url.template", PathTemplate(path) },
        };
        if (statusCode is { } status)
        {
            tags.Add("http.response.status_code", status);
        }

        errorType ??= statusCode >= 400 ? statusCode.Value.ToString(CultureInfo.InvariantCulture) : null;
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _duration.Record(elapsed.TotalSeconds, tags);
        if (errorType is not null)
        {
            _errors.Add(1, tags);
        }
    }

    /// <summary><c>/clusters/6a1d.../backups</c> becomes <c>/clusters/{id}/backups</c>: any segment holding a digit is an id, a version or a region-less key.</summary>
    public static string PathTemplate(string path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (LooksLikeId(segments[i]))
            {
                segments[i] = "{id}";
            }
        }

        return string.Join('/', segments);
    }

    // Resource names of the v2 API (clusters, backups, versions, logs, ...) have no digits; ids always do (UUIDs).
    private static bool LooksLikeId(string segment) => segment.Length >= 8 && segment.Any(char.IsAsciiDigit);
}
