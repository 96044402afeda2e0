using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Infrastructure.Telemetry;

namespace Portal.Web.Hosting;

/// <summary>Counts the Blazor Server circuits open on this replica (<c>pgportal.circuits.active</c>).</summary>
public sealed class TelemetryCircuitHandler(PortalMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
