using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Infrastructure.Telemetry;

namespace Portal.Web.Hosting;

/// <summary>
/// Feeds <c>pgportal.circuits.active</c>: a circuit counts while a browser is connected to it. It counts from its first
/// connection, stops counting the moment the connection drops (a closed tab whose disconnect beacon was lost is otherwise
/// retained, uncounted work for the server, until Blazor evicts it, which can take minutes), counts again if the browser
/// reconnects, and stops when the circuit closes. One instance per circuit (scoped), called on the circuit's dispatcher.
/// </summary>
public sealed class TelemetryCircuitHandler(PortalMetrics metrics) : CircuitHandler
{
    private int _counted;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _counted, 1) == 0)
        {
            metrics.CircuitOpened();
        }

        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        StopCounting();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        StopCounting();
        return Task.CompletedTask;
    }

    private void StopCounting()
    {
        if (Interlocked.Exchange(ref _counted, 0) == 1)
        {
            metrics.CircuitClosed();
        }
    }
}
