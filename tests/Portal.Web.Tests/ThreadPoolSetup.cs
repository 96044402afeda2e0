using System.Runtime.CompilerServices;

namespace Portal.Web.Tests;

/// <summary>
/// bUnit's synchronous waits block pool threads while the renderer needs one to run the check; on a 2-core machine
/// with the integration hosts of this assembly running too, the pool's slow growth starved them (CI saw it). A higher
/// minimum lets the pool start enough threads at once.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
    }
}
