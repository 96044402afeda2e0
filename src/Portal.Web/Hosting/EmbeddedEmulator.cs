using Ionos.Emulator;
using Ionos.PostgreSql;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Ionos.CloudApi;

namespace Portal.Web.Hosting;

/// <summary>
/// Settings of the in-process IONOS emulator (section <c>Ionos:Emulator</c>): the zero-configuration run mode.
/// The emulator's own settings (delays, state file, ...) sit in the same section.
/// </summary>
public sealed class EmbeddedEmulatorOptions
{
    public const string Section = "Ionos:Emulator";

    /// <summary>Start the emulator inside the portal and point every configured region at it.</summary>
    public bool Embedded { get; set; }
}

/// <summary>
/// Runs the emulator on its own loopback Kestrel server with a random port, started before every other hosted service,
/// so the typed clients (DBaaS per region, and the Cloud API at its root) talk real HTTP to it. Accepts exactly the token the client sends.
/// </summary>
public sealed partial class EmbeddedEmulatorHost(
    IConfiguration configuration,
    IHostEnvironment environment,
    IOptions<IonosPostgresOptions> clientOptions,
    TimeProvider time,
    ILogger<EmbeddedEmulatorHost> logger) : IHostedService, IIonosEndpointProvider, ICloudApiEndpoint, IAsyncDisposable
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The embedded IONOS emulator has not started yet.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions();
        configuration.GetSection(EmbeddedEmulatorOptions.Section).Bind(options);
        options.Token = clientOptions.Value.ResolveToken();
        if (string.IsNullOrWhiteSpace(options.StateFile))
        {
            options.StateFile = null;
        }
        else if (!Path.IsPathRooted(options.StateFile))
        {
            options.StateFile = Path.Combine(environment.ContentRootPath, options.StateFile);
            Directory.CreateDirectory(Path.GetDirectoryName(options.StateFile)!);
        }

        _server = await EmulatorServer.StartAsync(options, time, cancellationToken: cancellationToken);
        LogStarted(logger, _server.BaseAddress, options.StateFile ?? "none, in memory");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Uri GetBaseAddress(string regionCode) => Server.RegionAddress(regionCode);

    /// <summary>The emulator serves the Cloud API v6 at its root only.</summary>
    public Uri GetCloudApiBaseAddress() => new(Server.BaseAddress, "cloudapi/v6/");

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded IONOS emulator listening on {Address} (state file: {StateFile})")]
    private static partial void LogStarted(ILogger logger, Uri address, string stateFile);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
