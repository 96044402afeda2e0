using Portal.Application;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;
using Portal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

// `dotnet Portal.Web.dll migrate`: the deployment's migration step; applies the migrations with the same settings and exits.
if (DatabaseMigrationCommand.IsRequested(args))
{
    return await DatabaseMigrationCommand.RunAsync(builder.Configuration, builder.Environment, Console.Out, Console.Error);
}

// IONOS first: with the embedded emulator, it must listen before the background services make their first call.
builder.Services.AddPortalIonos(builder.Configuration);
builder.Services.AddPortalInfrastructure(builder.Configuration, builder.Environment);
builder.Services.AddPortalApplication();
builder.Services.AddPortalWizard();
builder.Services.AddPortalAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddPortalHardening(builder.Configuration, builder.Environment);
builder.Services.AddPortalAuditing();
builder.Services.AddPortalHealthChecks();
builder.Services.AddPortalUi();
builder.Services.AddPortalTelemetry(builder.Configuration);

var app = builder.Build();

app.UsePortalHardening();
app.UsePortalPipeline();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so that WebApplicationFactory can start the portal in tests.</summary>
public partial class Program;
