using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Audit;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;
using Portal.TestSupport;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Components.Audit;

/// <summary>
/// The real portal on PostgreSQL: sign-in and denied access land in the audit log, and the CSV export is for audit
/// readers only.
/// </summary>
public sealed class AuditingHostTests(AuditingHostTests.Host host) : IClassFixture<AuditingHostTests.Host>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoSignIn_AppendsOneSignedInEntryForThatUser()
    {
        var before = await CountAsync("demo-dana", AuditingRegistration.SignedInAction);

        using var client = await host.SignInAsync("demo-dana");

        Assert.Equal(before + 1, await CountAsync("demo-dana", AuditingRegistration.SignedInAction));
        var entry = await LatestAsync("demo-dana", AuditingRegistration.SignedInAction);
        Assert.Equal("Dana DBA", entry.ActorName);
        Assert.Contains("\"method\":\"demo\"", entry.Details, StringComparison.Ordinal);
        Assert.Contains("Dba", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_Requester_IsDeniedAndOneAccessDeniedEntryIsAppendedWithThePathOnly()
    {
        using var client = await host.SignInAsync("demo-rita");
        var before = await CountAsync("demo-rita", AuditingRegistration.AccessDeniedAction);

        using var response = await client.GetAsync("/audit?token=s3cret", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        using var deniedPage = await client.GetAsync(response.Headers.Location, Ct);
        Assert.Equal(before + 1, await CountAsync("demo-rita", AuditingRegistration.AccessDeniedAction));
        var entry = await LatestAsync("demo-rita", AuditingRegistration.AccessDeniedAction);
        Assert.Equal(("Path", "/audit"), (entry.TargetType, entry.TargetId));
        Assert.DoesNotContain("s3cret", entry.Details, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"/audit\"", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_Anonymous_IsSentToSignInAndNothingIsRecorded()
    {
        using var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var before = await CountAsync(null, AuditingRegistration.AccessDeniedAction);

        using var response = await client.GetAsync("/audit", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(null, AuditingRegistration.AccessDeniedAction));
    }

    [Fact]
    public async Task ExportCsv_Auditor_DownloadsTheFilteredEntriesAsAnAttachment()
    {
        using var client = await host.SignInAsync("demo-aude");

        using var response = await client.GetAsync("/audit/export.csv?action=auth.signed-in&actor=aude", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\"id\",\"occurred_at_utc\"", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length >= 2, "The auditor's own sign-in is in the export.");
        Assert.All(lines.Skip(1), line => Assert.Contains("\"demo-aude\",\"Aude Auditor\",\"auth.signed-in\"", line, StringComparison.Ordinal));
        Assert.Equal(1, await CountAsync("demo-aude", AuditEndpoints.ExportedAction));
    }

    [Fact]
    public async Task ExportCsv_Requester_IsDenied()
    {
        using var client = await host.SignInAsync("demo-ravi");

        using var response = await client.GetAsync("/audit/export.csv", Ct);

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"Answered {(int)response.StatusCode}.");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await CountAsync("demo-ravi", AuditingRegistration.AccessDeniedAction));
    }

    [Fact]
    public async Task Chain_AfterSignInsAndDenials_VerifiesIntact()
    {
        using (await host.SignInAsync("demo-adam"))
        {
        }

        using var scope = host.Factory.Services.CreateScope();
        // The portal's own sealer runs too (woken by the commit); sealing here as well makes "everything sealed" certain.
        await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealAsync(Ct);
        var result = await scope.ServiceProvider.GetRequiredService<AuditChainVerifier>().VerifyAsync(cancellationToken: Ct);

        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.True(result.EntriesChecked >= 1);
        Assert.Equal(0, result.Unsealed.Count);
    }

    private async Task<int> CountAsync(string? actorId, string action)
    {
        await using var context = await host.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await context.AuditEntries.CountAsync(a => a.Action == action && (actorId == null || a.ActorId == actorId), Ct);
    }

    private async Task<Application.Domain.Audit.AuditEntry> LatestAsync(string actorId, string action)
    {
        await using var context = await host.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await context.AuditEntries.AsNoTracking().Where(a => a.Action == action && a.ActorId == actorId).OrderByDescending(a => a.Id).FirstAsync(Ct);
    }

    /// <summary>A portal on a fresh PostgreSQL database, with the audit log wired in.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private PostgresTestDatabase? _database;
        private PortalAppFactory? _portal;

        public WebApplicationFactory<Program> Factory { get; private set; } = default!;

        public async ValueTask InitializeAsync()
        {
            _database = await PostgresTestDatabase.CreateAsync("web_audit");
            _portal = PortalAppFactory.OnPostgres(_database.ConnectionString);
            Factory = _portal;
            _ = Factory.Server;
        }

        public async Task<HttpClient> SignInAsync(string demoUserId)
        {
            var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            using var form = await _portal!.DemoSignInFormAsync(client, demoUserId, returnUrl: "/");
            using var response = await client.PostAsync("/account/demo-sign-in", form);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            if (_portal is not null)
            {
                await _portal.DisposeAsync();
            }

            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}
