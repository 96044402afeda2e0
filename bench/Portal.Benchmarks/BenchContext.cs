namespace Portal.Benchmarks;

/// <summary>The workload sizes of a run and the portal its scenarios share (started on first use).</summary>
public sealed class BenchContext : IAsyncDisposable
{
    private BenchPortal? _portal;

    public int FleetSize { get; init; } = 10_000;

    public int AuditEntries { get; init; } = 1_000_000;

    public int Circuits { get; init; } = 50;

    public async Task<BenchPortal> PortalAsync()
    {
        if (_portal is null)
        {
            Console.WriteLine("  starting the portal on a new PostgreSQL database ...");
            _portal = await BenchPortal.StartAsync();
        }

        return _portal;
    }

    public async ValueTask DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
    }
}
