using Portal.Application;
using Portal.Application.Requests.Queries;
using Portal.Infrastructure.Persistence;
using Portal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddPortalData(builder.Configuration, builder.Environment);
builder.Services.AddPortalIonos(builder.Configuration);
builder.Services.AddPortalApplication();
builder.Services.AddPortalRequestQueries();
builder.Services.AddPortalWizard();
builder.Services.AddPortalAuthentication(builder.Configuration, builder.Environment);
builder.Services.AddPortalHealthChecks();
builder.Services.AddPortalUi();

var app = builder.Build();

app.UsePortalPipeline();

await app.RunAsync();

/// <summary>Entry point; public so that WebApplicationFactory can start the portal in tests.</summary>
public partial class Program;
