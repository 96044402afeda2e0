using System.Reflection;
using System.Text;
using Ionos.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Domain;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Queries;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Refresh;
using Portal.TestSupport;

namespace Portal.Web.Tests.Security;

/// <summary>
/// The service half of the authorization walk (the pages and endpoints are walked in <see cref="AuthorizationWalkTests"/>):
/// every public method of Portal.Application and Portal.Infrastructure that takes a <see cref="PortalUser"/> must be in
/// the table below, so a new one cannot ship without someone deciding who may call it. Every state-changing one is then
/// called through the real portal's DI container (PostgreSQL, embedded emulator) for every role and for a user with no
/// portal role and no team, against the same kind of seeded target: allowed calls must succeed; denied calls must change
/// no row of any table and append exactly one <c>auth.access-denied</c> entry for the caller.
/// </summary>
public sealed class ServiceAuthorizationWalkTests : IAsyncLifetime
{
    private const string Region = "de-txl";
    private const string Password = "Walk!Passw0rd-42";

    // The six callers, in the order of the table's columns.
    private static readonly PortalUser Owner = new("demo-rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments", "analytics"]);
    private static readonly PortalUser Other = new("demo-ravi", "Ravi Requester", new HashSet<string> { PortalRoles.Requester }, ["search"]);
    private static readonly PortalUser Dba = new("demo-dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, ["platform"]);
    private static readonly PortalUser Admin = new("demo-adam", "Adam Admin", new HashSet<string> { PortalRoles.Admin }, ["platform"]);
    private static readonly PortalUser Auditor = new("demo-aude", "Aude Auditor", new HashSet<string> { PortalRoles.Auditor }, []);
    private static readonly PortalUser Nobody = new("walk-nobody", "No Role", new HashSet<string>(), []);
    private static readonly PortalUser[] Columns = [Owner, Other, Dba, Admin, Auditor, Nobody];

    /// <summary>
    /// Who may call what. A change lists, per column, whether the call is allowed ("yes") or refused and audited ("no").
    /// Targets belong to team payments (Rita's); requests are Rita's. A read says what it shows to whom (not walked here:
    /// reads are filtered, never refused, and covered by their own tests).
    /// </summary>
    private static readonly Dictionary<string, Rule> Table = new(StringComparer.Ordinal)
    {
        //                                                                 owner other dba  admin audit nobody
        ["CreateClusterService.SubmitAsync"] = Change(                     "yes  no    no   no    no    no"),
        ["CreateClusterService.SaveDraftAsync"] = Change(                  "yes  yes   yes  yes   yes   yes"), // the caller's own draft
        ["CreateClusterService.DiscardDraftAsync"] = Change(               "yes  yes   yes  yes   yes   yes"), // the caller's own draft
        ["UpdateClusterService.SubmitAsync"] = Change(                     "yes  no    no   no    no    no"),
        ["DeleteClusterService.SubmitAsync"] = Change(                     "yes  no    no   no    no    no"),
        ["RestoreClusterService.SubmitAsync"] = Change(                    "yes  no    no   no    no    no"),
        ["RequestDecisionService.ApproveAsync"] = Change(                  "no   no    yes  yes   no    no"),
        ["RequestDecisionService.RejectAsync"] = Change(                   "no   no    yes  yes   no    no"),
        ["RequestDecisionService.CancelAsync"] = Change(                   "yes  no    no   no    no    no"),
        ["PolicyService.SetQuotaAsync"] = Change(                          "no   no    no   yes   no    no"),
        ["PolicyService.SetAutoApprovalAsync"] = Change(                   "no   no    no   yes   no    no"),
        ["ClusterAdministrationService.AdoptAsync"] = Change(              "no   no    no   yes   no    no"),
        ["ClusterAdministrationService.SetDeletionProtectionAsync"] = Change("no   no    no   yes   no    no"),
        ["MyRequestsQueries.ListAndMarkSeenAsync"] = Change(               "yes  yes   yes  yes   yes   yes"), // marks the caller's own news seen

        ["CreateClusterService.StartAsync"] = Read("the caller's teams and own draft"),
        ["UpdateClusterService.StartAsync"] = Read("the form for members of the cluster's team; a reason otherwise"),
        ["RestoreClusterService.StartAsync"] = Read("the form for members of the source cluster's team; a reason otherwise"),
        ["RequestDecisionService.GetQueueAsync"] = Read("pending requests for DBA and Admin; empty for everyone else"),
        ["RequestDecisionService.IsApprover"] = Read("predicate: DBA or Admin"),
        ["PolicyService.GetAsync"] = Read("policies for Admin; null for everyone else"),
        ["PolicyService.IsAdmin"] = Read("predicate: Admin"),
        ["ClusterAdministrationService.CanAdminister"] = Read("predicate: Admin"),
        ["ClusterQueries.GetDashboardAsync"] = Read("clusters of the caller's teams; all for DBA and Admin"),
        ["ClusterQueries.GetClusterAsync"] = Read("a cluster of the caller's teams; any for DBA and Admin"),
        ["ClusterQueries.SeesAllClusters"] = Read("predicate: DBA or Admin"),
        ["ClusterPageQueries.GetPermissionsAsync"] = Read("what the caller may do on a cluster they see"),
        ["ClusterPageQueries.GetRequestsAsync"] = Read("requests of a cluster the caller sees"),
        ["ClusterPageQueries.GetAuditAsync"] = Read("audit entries of a cluster the caller sees"),
        ["ClusterPageQueries.GetBackupsAsync"] = Read("backups of a cluster the caller sees"),
        ["MyRequestsQueries.CountUnseenAsync"] = Read("news of the caller's own requests"),
        ["ClusterRequestQueries.GetForUserAsync"] = Read("a request of the caller's teams; any for DBA, Admin and Auditor"),
        ["ITeamDirectory.GetTeamsAsync"] = Read("the caller's own teams (created on first use)"),
        ["TeamDirectory.GetTeamsAsync"] = Read("the caller's own teams (created on first use)"),

        ["AccessDenials.RecordAsync"] = Exempt("writes the refusal of another call; checked through every denial below"),
    };

    private readonly Dictionary<string, string> _clusters = new(StringComparer.Ordinal);
    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Guid _paymentsTeam;
    private int _serial;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("web_service_walk");
        // No background work between a call and the look at the tables: the refresher runs when the test says so, the
        // executor not at all (approved requests stay approved). Clusters are ready at once, with their backup.
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["Portal:Refresh:Enabled"] = "false",
            ["Portal:Execution:Enabled"] = "false",
            ["Ionos:Emulator:ProvisioningDelay"] = "00:00:00",
        });
        _ = _portal.Server;
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public void EveryPublicMethodTakingAPortalUser_IsInTheTable()
    {
        var discovered = new[] { typeof(PortalUser).Assembly, typeof(PortalDbContext).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t != typeof(PortalUser)) // its own record members (Equals, operators)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetParameters().Any(p => p.ParameterType == typeof(PortalUser)))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(discovered);
        var missing = discovered.Where(m => !Table.ContainsKey(m)).ToList();
        Assert.True(missing.Count == 0, "Not in the service authorization table, decide who may call them: " + string.Join(", ", missing));
        var stale = Table.Keys.Where(k => !discovered.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "In the table but no longer a public method taking a PortalUser: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryStateChangingCall_EveryRole_AllowedOrDeniedAsTheTableSays_DenialsChangeNothingAndAreAudited()
    {
        var calls = Calls();
        Assert.Equal(Table.Where(r => r.Value.Allowed is not null).Select(r => r.Key).Order(StringComparer.Ordinal), calls.Keys.Order(StringComparer.Ordinal));

        var failures = new List<string>();
        foreach (var (method, call) in calls.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var allowed = Table[method].Allowed!;
            // Refusals first: an allowed call may change the target (adopt it, protect it, open a request on it).
            foreach (var column in Enumerable.Range(0, Columns.Length).OrderBy(i => allowed[i]))
            {
                var user = Columns[column];
                var act = await call(user);
                var before = await FingerprintAsync();
                var lastAudit = await LastAuditIdAsync();
                string outcome;
                await using (var scope = _portal.Services.CreateAsyncScope())
                {
                    outcome = await act(scope.ServiceProvider);
                }

                var appended = await AuditSinceAsync(lastAudit);
                if (allowed[column])
                {
                    if (outcome != Ok)
                    {
                        failures.Add($"{method} by {user.Id}: expected allowed, got: {outcome}");
                    }

                    if (appended.Any(a => a.Action == AccessDenials.Action))
                    {
                        failures.Add($"{method} by {user.Id}: allowed, yet an access denial was audited");
                    }

                    continue;
                }

                if (outcome == Ok)
                {
                    failures.Add($"{method} by {user.Id}: expected denied, but it succeeded");
                    continue;
                }

                if (await FingerprintAsync() is var after && Diff(before, after) is { Length: > 0 } changed)
                {
                    failures.Add($"{method} by {user.Id}: denied ({outcome}) but changed: {changed}");
                }

                if (appended.Count != 1 || appended[0].Action != AccessDenials.Action || appended[0].ActorId != user.Id
                    || !appended[0].Details.Contains(OperationOf(method), StringComparison.Ordinal))
                {
                    failures.Add($"{method} by {user.Id}: denied ({outcome}) but the audit got [{string.Join(", ", appended.Select(a => $"{a.Action} by {a.ActorId}: {a.Details}"))}] instead of one {AccessDenials.Action}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Decisions_ApproverOnTheirOwnRequest_AreDeniedByFourEyesAndAudited()
    {
        foreach (var (operation, decide) in new (string, Func<RequestDecisionService, Guid, Task<DecisionResult>>)[]
        {
            ("RequestDecision.Approve", (s, id) => s.ApproveAsync(Dba, id, "mine", Ct)),
            ("RequestDecision.Reject", (s, id) => s.RejectAsync(Dba, id, "mine", Ct)),
        })
        {
            var request = await PendingRequestAsync(Dba, "platform");
            var before = await FingerprintAsync();
            var lastAudit = await LastAuditIdAsync();

            DecisionResult result;
            await using (var scope = _portal.Services.CreateAsyncScope())
            {
                result = await decide(scope.ServiceProvider.GetRequiredService<RequestDecisionService>(), request);
            }

            Assert.False(result.Succeeded);
            Assert.Equal(RequestDecisionService.OwnRequest, result.Error);
            Assert.Equal(before, await FingerprintAsync());
            var entry = Assert.Single(await AuditSinceAsync(lastAudit));
            Assert.Equal((AccessDenials.Action, "demo-dana", "ClusterRequest", request.ToString()), (entry.Action, entry.ActorId, entry.TargetType, entry.TargetId));
            Assert.Contains(operation, entry.Details, StringComparison.Ordinal);
            Assert.Contains("four-eyes", entry.Details, StringComparison.Ordinal);
        }
    }

    private const string Ok = "ok";

    /// <summary>For each state-changing method: arrange a target for one caller, then the call (returns <see cref="Ok"/> or the refusal).</summary>
    private Dictionary<string, Func<PortalUser, Task<Func<IServiceProvider, Task<string>>>>> Calls() => new(StringComparer.Ordinal)
    {
        ["CreateClusterService.SubmitAsync"] = user => Act(async s => Outcome(await Create(s).SubmitAsync(user, CreateDraft($"walk-new-{++_serial}"), Password, Password, Ct))),
        ["CreateClusterService.SaveDraftAsync"] = user => Act(async s =>
        {
            await Create(s).SaveDraftAsync(user, CreateDraft("walk-draft"), Ct);
            return Ok;
        }),
        ["CreateClusterService.DiscardDraftAsync"] = user => Act(async s =>
        {
            await Create(s).DiscardDraftAsync(user, Ct);
            return Ok;
        }),
        ["UpdateClusterService.SubmitAsync"] = async user =>
        {
            var id = _clusters["update"];
            await using var scope = _portal.Services.CreateAsyncScope();
            var start = await scope.ServiceProvider.GetRequiredService<UpdateClusterService>().StartAsync(Owner, Region, id, Ct);
            Assert.True(start.Form is not null, start.Problem);
            var draft = start.Form.Draft;
            draft.Cores++;
            draft.RetentionDays = draft.RetentionDays > 0 ? draft.RetentionDays : 7;
            return async s => Outcome(await s.GetRequiredService<UpdateClusterService>().SubmitAsync(user, Region, id, draft, Password, Password, Ct));
        },
        ["DeleteClusterService.SubmitAsync"] = user => Act(async s =>
            Outcome(await s.GetRequiredService<DeleteClusterService>().SubmitAsync(user, Region, _clusters["delete"], "walk-delete", Ct))),
        ["RestoreClusterService.SubmitAsync"] = async user =>
        {
            var draft = await RestoreDraftAsync();
            return async s => Outcome(await s.GetRequiredService<RestoreClusterService>().SubmitAsync(user, draft, Password, Password, Ct));
        },
        ["RequestDecisionService.ApproveAsync"] = async user =>
        {
            var id = await PendingRequestAsync(Owner, "payments");
            return async s => Outcome(await s.GetRequiredService<RequestDecisionService>().ApproveAsync(user, id, "walk", Ct));
        },
        ["RequestDecisionService.RejectAsync"] = async user =>
        {
            var id = await PendingRequestAsync(Owner, "payments");
            return async s => Outcome(await s.GetRequiredService<RequestDecisionService>().RejectAsync(user, id, "walk: not needed", Ct));
        },
        ["RequestDecisionService.CancelAsync"] = async user =>
        {
            var id = await PendingRequestAsync(Owner, "payments");
            return async s => Outcome(await s.GetRequiredService<RequestDecisionService>().CancelAsync(user, id, Ct));
        },
        ["PolicyService.SetQuotaAsync"] = user => Act(async s =>
            Outcome(await s.GetRequiredService<PolicyService>().SetQuotaAsync(user, _paymentsTeam, new QuotaLimits(10, 40, 160, 2000), Ct))),
        ["PolicyService.SetAutoApprovalAsync"] = user => Act(async s =>
            Outcome(await s.GetRequiredService<PolicyService>().SetAutoApprovalAsync(user, new AutoApprovalRule(true, 2, 8, 1, 100), Ct))),
        ["ClusterAdministrationService.AdoptAsync"] = user => Act(async s =>
            Outcome(await s.GetRequiredService<ClusterAdministrationService>().AdoptAsync(user, Region, _clusters["stray"], _paymentsTeam, Ct))),
        ["ClusterAdministrationService.SetDeletionProtectionAsync"] = user => Act(async s =>
            Outcome(await s.GetRequiredService<ClusterAdministrationService>().SetDeletionProtectionAsync(user, Region, _clusters["protect"], true, Ct))),
        ["MyRequestsQueries.ListAndMarkSeenAsync"] = user => Act(async s =>
        {
            await s.GetRequiredService<MyRequestsQueries>().ListAndMarkSeenAsync(user, Ct);
            return Ok;
        }),
    };

    private static Task<Func<IServiceProvider, Task<string>>> Act(Func<IServiceProvider, Task<string>> act) => Task.FromResult(act);

    private static CreateClusterService Create(IServiceProvider services) => services.GetRequiredService<CreateClusterService>();

    private static string Outcome(SubmitResult result) =>
        result.Succeeded ? Ok : string.Join("; ", result.Report.Problems.Select(p => $"{p.Field}: {p.Message}"));

    private static string Outcome(DecisionResult result) => result.Succeeded ? Ok : result.Error ?? "refused";

    private static string Outcome(PolicyChangeResult result) =>
        result.Succeeded ? Ok : string.Join("; ", result.Report.Problems.Select(p => p.Message));

    private static string Outcome(AdministrationResult result) => result.Succeeded ? Ok : result.Problem ?? "refused";

    /// <summary>"CreateClusterService.SubmitAsync" is recorded as operation "CreateCluster.Submit".</summary>
    private static string OperationOf(string method)
    {
        var (type, name) = (method[..method.IndexOf('.', StringComparison.Ordinal)], method[(method.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        type = type.EndsWith("Service", StringComparison.Ordinal) ? type[..^"Service".Length] : type;
        return $"{type}.{(name.EndsWith("Async", StringComparison.Ordinal) ? name[..^"Async".Length] : name)}";
    }

    private static CreateClusterDraft CreateDraft(string name) => new()
    {
        Name = name,
        TeamSlug = "payments",
        Region = Region,
        BackupLocation = "eu-central-3",
        RetentionDays = 7,
        PostgresVersion = "17",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 20,
        DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Wednesday,
        MaintenanceTime = "10:00:00",
        Username = "app_admin",
        DatabaseName = "orders",
    };

    private static ClusterSpec Spec(string name, int address) => new()
    {
        Name = name, PostgresVersion = "17", Instances = 1, Cores = 2, RamGb = 4, StorageGb = 20,
        DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003", LanId = "2", PrimaryInstanceAddress = $"192.168.1.{address}/24",
        MaintenanceDay = DayOfWeek.Sunday, MaintenanceTime = new TimeOnly(2, 0), BackupLocation = "eu-central-3", RetentionDays = 7,
        Username = "walk_app", DatabaseName = "walk",
    };

    /// <summary>
    /// Teams for every caller (created on first use, so no call in the walk creates one); clusters of team payments in the
    /// emulator, each with the completed create request the refresher attributes it by, and one nobody ordered here.
    /// </summary>
    private async Task SeedAsync()
    {
        var services = _portal.Services;
        foreach (var user in Columns)
        {
            var teams = await services.GetRequiredService<ITeamDirectory>().GetTeamsAsync(user, Ct);
            if (user == Owner)
            {
                _paymentsTeam = teams.Single(t => t.Slug == "payments").Id;
            }
        }

        var client = services.GetRequiredService<IIonosPostgresClientFactory>().GetClient(Region);
        var contexts = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var address = 120;
        foreach (var key in new[] { "update", "delete", "restore", "protect", "stray" })
        {
            var spec = Spec($"walk-{key}", address++);
            var created = await client.CreateClusterAsync(ClusterPayloadMapper.ToCreateRequest(spec, Password), Ct);
            _clusters[key] = created.Id;
            if (key == "stray")
            {
                continue;
            }

            await using var context = await contexts.CreateDbContextAsync(Ct);
            var now = DateTimeOffset.UtcNow;
            var request = ClusterRequest.SubmitCreate(_paymentsTeam, Region, new Actor(Owner.Id, Owner.DisplayName), spec, now);
            request.Approve(new Actor(Dba.Id, Dba.DisplayName), "ok", now);
            request.BeginSubmitting(spec.Name, now);
            request.MarkProvisioning(created.Id, now);
            request.Complete(now);
            context.ClusterRequests.Add(request);
            await context.SaveChangesAsync(Ct);
        }

        await services.GetRequiredService<ClusterStateRefresher>().RefreshOnceAsync(Ct);
        var store = services.GetRequiredService<IClusterReadStore>();
        foreach (var (key, id) in _clusters)
        {
            var stored = await store.GetAsync(Region, id, ClusterVisibility.Everything, Ct);
            Assert.NotNull(stored);
            Assert.Equal(key == "stray" ? null : _paymentsTeam, stored.Summary.TeamId);
        }
    }

    /// <summary>A create request of <paramref name="by"/> for <paramref name="teamSlug"/>, waiting for a decision.</summary>
    private async Task<Guid> PendingRequestAsync(PortalUser by, string teamSlug)
    {
        await using var context = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var team = await context.Teams.SingleAsync(t => t.Slug == teamSlug, Ct);
        var request = ClusterRequest.SubmitCreate(team.Id, Region, new Actor(by.Id, by.DisplayName), Spec($"walk-pending-{++_serial}", 200), DateTimeOffset.UtcNow);
        context.ClusterRequests.Add(request);
        await context.SaveChangesAsync(Ct);
        return request.Id;
    }

    /// <summary>The restore form as Rita gets it for the cluster's backup, filled in validly.</summary>
    private async Task<RestoreClusterDraft> RestoreDraftAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var id = _clusters["restore"];
        var backups = await scope.ServiceProvider.GetRequiredService<IBackupCatalog>().ListAsync(Region, id, 0, 10, Ct);
        var backup = Assert.Single(backups.Items);
        var (start, refusal) = await scope.ServiceProvider.GetRequiredService<RestoreClusterService>().StartAsync(Owner, Region, id, backup.Id, Ct);
        Assert.True(start is not null, refusal);
        var draft = start.Draft;
        draft.Name = $"walk-restored-{++_serial}";
        draft.PrimaryInstanceAddress = "192.168.1.180/24";
        draft.RecoveryTargetTime = DateTimeOffset.UtcNow;
        return draft;
    }

    /// <summary>Every table but the audit log and the key ring, row by row, as one text per table (PostgreSQL renders each row).</summary>
    private async Task<Dictionary<string, string>> FingerprintAsync()
    {
        await using var context = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var tables = context.Model.GetEntityTypes()
            .Select(e => e.GetTableName())
            .OfType<string>()
            .Where(t => t is not "AuditEntries" and not "DataProtectionKeys")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("ClusterRequests", tables);
        Assert.Contains("ClusterSnapshots", tables);

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var fingerprint = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \"{table}\" t", connection);
            fingerprint[table] = (string)(await command.ExecuteScalarAsync(Ct))!;
        }

        return fingerprint;
    }

    private static string Diff(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var text = new StringBuilder();
        foreach (var (table, rows) in after.Where(a => !string.Equals(before.GetValueOrDefault(a.Key), a.Value, StringComparison.Ordinal)))
        {
            text.Append(table).Append(": ").Append(rows.Split('\n').Except(before.GetValueOrDefault(table, "").Split('\n')).FirstOrDefault() ?? "(rows removed)").Append(' ');
        }

        return text.ToString();
    }

    private async Task<long> LastAuditIdAsync()
    {
        await using var context = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await context.AuditEntries.MaxAsync(a => (long?)a.Id, Ct) ?? 0;
    }

    private async Task<List<AuditEntry>> AuditSinceAsync(long afterId)
    {
        await using var context = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await context.AuditEntries.AsNoTracking().Where(a => a.Id > afterId).OrderBy(a => a.Id).ToListAsync(Ct);
    }

    private static Rule Change(string grid)
    {
        var cells = grid.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (cells.Length != Columns.Length || cells.Any(c => c is not "yes" and not "no"))
        {
            throw new ArgumentException($"A change needs one yes/no per column ({Columns.Length}): '{grid}'.", nameof(grid));
        }

        return new Rule([.. cells.Select(c => c == "yes")], null);
    }

    private static Rule Read(string visibility) => new(null, visibility);

    private static Rule Exempt(string why) => new(null, why);

    /// <summary>A state-changing call (<see cref="Allowed"/> per column), or a read or exemption that says why it is not walked.</summary>
    private sealed record Rule(bool[]? Allowed, string? NotWalkedBecause);
}
