namespace Ionos.Emulator;

/// <summary>
/// Standalone host: <c>dotnet run --project src/Ionos.Emulator [--urls http://127.0.0.1:5081] [--Emulator:ProvisioningDelay=00:00:05]</c>.
/// Declared explicitly (not top-level statements) because the portal references this assembly and has its own Program.
/// </summary>
public static class Program
{
    public const string DefaultUrl = "http://127.0.0.1:5081";

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddIonosEmulator();
        var app = builder.Build();
        app.MapIonosEmulator();
        app.MapIonosEmulatorFallback();
        app.Run();
    }
}
