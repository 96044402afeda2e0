using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Playwright;
using Portal.Infrastructure.Telemetry;
using Portal.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Tests;

/// <summary><c>pgportal.circuits.active</c> follows a real browser: up when its circuit connects, down when the page closes.</summary>
public sealed class CircuitMetricsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Uri _baseAddress = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("e2e_circuits");
        // One second's retention of a disconnected circuit, so that even a circuit Blazor keeps after a drop ends soon.
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["Hosting:Circuits:DisconnectedCircuitRetentionPeriod"] = "00:00:01",
        });
        _baseAddress = _portal.StartOnKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Browser_OpensThenClosesThePortal_ActiveCircuitsGoesUpThenDown()
    {
        using var circuits = new MetricCollector<long>(
            _portal.Services.GetRequiredService<IMeterFactory>(), PortalMetrics.MeterName, PortalMetrics.ActiveCircuitsInstrument);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Rita Requester" }).ClickAsync();
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await circuits.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, circuits.GetMeasurementSnapshot().Sum(m => m.Value));

        // Closing the page: the beacon (or, failing that, the WebSocket drop and one second's retention) closes the circuit.
        // The count of measurements is taken before the close: taken after it, a close recorded while CloseAsync ran was
        // already in it and the wait was for a measurement that never came (three of six fresh-clone runs here failed so).
        var measuredBeforeClose = circuits.GetMeasurementSnapshot().Count;
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        await circuits.WaitForMeasurementsAsync(measuredBeforeClose + 1, TimeSpan.FromSeconds(60));
        Assert.Equal(0, circuits.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
