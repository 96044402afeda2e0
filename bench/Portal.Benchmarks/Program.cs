using System.Diagnostics;
using System.Globalization;
using Portal.Benchmarks;

// dotnet run -c Release --project bench/Portal.Benchmarks -- all [--fleet 10000] [--audit 1000000] [--circuits 50] [--markdown file]
var scenarios = new (string Name, string What, Func<BenchContext, FigureTable, Task> Run)[]
{
    ("refresh", "refresh cycle over the fleet, and the usual one-GET-per-cluster way", RefreshBenchmark.RunAsync),
    ("dashboard", "first page load (HTTP GET) and page queries over the fleet", DashboardBenchmark.RunAsync),
    ("audit", "audit log: append throughput, page queries, CSV export", AuditBenchmark.RunAsync),
    ("approval", "approval to POST /clusters latency", ApprovalBenchmark.RunAsync),
    ("circuits", "managed heap per open dashboard circuit (headless Chromium)", CircuitMemoryBenchmark.RunAsync),
    ("startup", "process start to /health/ready on SQLite and PostgreSQL", StartupBenchmark.RunAsync),
};

var names = new List<string>();
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i][2..]] = args[++i];
    }
    else
    {
        names.Add(args[i].ToLowerInvariant());
    }
}

var unknown = names.Where(n => n != "all" && scenarios.All(s => s.Name != n)).ToList();
if (names.Count == 0 || unknown.Count > 0)
{
    Console.Error.WriteLine(unknown.Count > 0 ? $"Unknown scenario: {string.Join(", ", unknown)}." : "Name a scenario, or all.");
    Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/Portal.Benchmarks -- <scenario>... [--fleet N] [--audit N] [--circuits N] [--markdown FILE]");
    foreach (var (name, what, _) in scenarios)
    {
        Console.Error.WriteLine($"  {name,-10} {what}");
    }

    Console.Error.WriteLine($"  {"all",-10} every scenario above, in that order");
    return 2;
}

int Option(string name, int fallback) =>
    options.TryGetValue(name, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : options.ContainsKey(name) ? throw new ArgumentException($"--{name} must be a positive whole number.") : fallback;

var table = new FigureTable();
var total = Stopwatch.StartNew();
await using (var bench = new BenchContext
{
    FleetSize = Option("fleet", 10_000),
    AuditEntries = Option("audit", 1_000_000),
    Circuits = Option("circuits", 50),
})
{
    foreach (var (name, _, run) in scenarios.Where(s => names.Contains("all") || names.Contains(s.Name)))
    {
        Console.WriteLine($"== {name}");
        var watch = Stopwatch.StartNew();
        await run(bench, table);
        Console.WriteLine($"   ({watch.Elapsed.TotalSeconds:N0} s)");
    }
}

var markdown = table.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"{table.Figures.Count} figures, {table.Figures.Count(f => f.Outcome == "MISS")} miss a target; {total.Elapsed.TotalSeconds:N0} s in all.");
if (options.TryGetValue("markdown", out var file))
{
    await File.WriteAllTextAsync(file, markdown);
}

// Figures are reported, never a pass/fail: the exit code only says the run completed.
return 0;
