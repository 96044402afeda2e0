using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Portal.TestSupport;

namespace Portal.Benchmarks;

/// <summary>
/// Start-up: the built portal (<c>src/Portal.Web/bin/{configuration}/net10.0/Portal.Web.dll</c>, the same configuration as
/// this benchmark) launched as its own process with settings in the environment, timed from process start to the first
/// 200 from <c>/health/ready</c>; on a fresh SQLite file and on a fresh PostgreSQL database (migrations included), then
/// once more on the migrated database.
/// </summary>
public static class StartupBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchContext bench, FigureTable table)
    {
        _ = bench;
        var configuration = typeof(StartupBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(RepositoryPaths.Root, "src", "Portal.Web", "bin", configuration, "net10.0", "Portal.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} was not found: build the solution in {configuration} first.");
        }

        var scratch = Directory.CreateTempSubdirectory("pgportal-bench-");
        try
        {
            var sqlite = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(scratch.FullName, "portal.db")}",
            };
            await AddAsync(table, "SQLite, new database (migrations run)", dll, sqlite);
            await AddAsync(table, "SQLite, migrated database", dll, sqlite);

            await using var database = await PostgresTestDatabase.CreateAsync("benchstart");
            var postgres = new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Portal"] = database.ConnectionString,
            };
            await AddAsync(table, "PostgreSQL, new database (migrations run)", dll, postgres);
            await AddAsync(table, "PostgreSQL, migrated database", dll, postgres);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task AddAsync(FigureTable table, string workload, string dll, Dictionary<string, string> settings)
    {
        var (wall, cpu) = await StartAsync(dll, settings);
        table.Add(new Figure("start-up", workload, "process start → /health/ready", wall, "ms", Target.Below(5000, "ms")));

        // CPU the process used until then (user + system, both cores): what the wall time would shrink to on an idle machine.
        table.Add(new Figure("start-up", workload, "CPU time used until ready", cpu, "ms"));
    }

    private static async Task<(double Wall, double Cpu)> StartAsync(string dll, Dictionary<string, string> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__MigrateOnStartup"] = "true";
        start.Environment["Ionos__Emulator__Embedded"] = "true";
        start.Environment["Ionos__Emulator__StateFile"] = "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = new Uri($"http://127.0.0.1:{port}/health/ready");
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (watch.Elapsed < Timeout)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The portal exited with code {process.ExitCode} before it was ready.");
                }

                try
                {
                    using var response = await http.GetAsync(ready);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var wall = watch.Elapsed.TotalMilliseconds;
                        process.Refresh();
                        return (wall, process.TotalProcessorTime.TotalMilliseconds);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Listening but not answering yet.
                }

                await Task.Delay(10);
            }

            throw new TimeoutException($"/health/ready was not green within {Timeout.TotalSeconds:N0} s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
