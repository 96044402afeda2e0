using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Ionos.Emulator;

/// <summary>
/// The emulator on its own small Kestrel server (real sockets, so a dropped connection is real), for embedding in a host
/// (e.g. as a hosted service on a random loopback port) and for tests. Reads no configuration: the options passed to StartAsync are all.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Options = app.Services.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        Faults = app.Services.GetRequiredService<EmulatorFaults>();
        Calls = app.Services.GetRequiredService<EmulatorCallLog>();
        Store = app.Services.GetRequiredService<EmulatorStore>();
    }

    /// <summary>The root: the default region's API, the Cloud API and the admin endpoints. Ends with a slash.</summary>
    public Uri BaseAddress { get; }

    public EmulatorOptions Options { get; }

    public EmulatorFaults Faults { get; }

    public EmulatorCallLog Calls { get; }

    public EmulatorStore Store { get; }

    /// <summary>The base address of one region's API (e.g. http://127.0.0.1:PORT/de-fra/). Ends with a slash.</summary>
    public Uri RegionAddress(string region) => new(BaseAddress, $"{Uri.EscapeDataString(region)}/");

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, TimeProvider? time = null,
        string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().UseUrls(url);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        var copy = options.Clone();
        builder.Services.AddIonosEmulator(o =>
        {
            o.Regions = [.. copy.Regions];
            o.DefaultRegion = copy.DefaultRegion;
            o.Token = copy.Token;
            o.ProvisioningDelay = copy.ProvisioningDelay;
            o.UpdatingDelay = copy.UpdatingDelay;
            o.DestroyingDelay = copy.DestroyingDelay;
            o.StateFile = copy.StateFile;
            o.CreatedBy = copy.CreatedBy;
            o.CreatedByUserId = copy.CreatedByUserId;
        });

        var app = builder.Build();
        app.UseRouting();
        app.MapIonosEmulator();
        app.MapIonosEmulatorFallback();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
