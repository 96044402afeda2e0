using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Queries;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components.Wizard;

/// <summary>
/// A bUnit context with the real <see cref="CreateClusterService"/> and <see cref="ClusterRequestQueries"/> over
/// hand-written fakes of their ports, signed in as Rita (Requester, team payments).
/// </summary>
public abstract class WizardTestContext : BunitContext
{
    public const string DatacenterId = "3b2f8e8a-1c4d-4b7e-9f0a-2d5c6e7f8a9b";

    protected WizardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IIonosCatalog>(Catalog);
        Services.AddSingleton<INetworkCatalog>(Network);
        Services.AddSingleton<IClusterNameAvailability>(Names);
        Services.AddSingleton<IWizardDraftStore>(Drafts);
        Services.AddSingleton<ISecretProtector>(new FakeSecrets());
        Services.AddSingleton<IClusterPayloadPreview>(new FakePayloads());
        Services.AddSingleton<ITeamDirectory>(Teams);
        Services.AddSingleton<IClusterRequestStore>(Requests);
        Services.AddSingleton<IRegionCatalog>(new FixedRegions(["de-txl", "de-fra"]));
        Services.AddSingleton(Options.Create(Pricing));
        Services.AddSingleton(Options.Create(new SizingPresetOptions { Presets = [.. SizingPresetOptions.Defaults] }));
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<CreateClusterService>();
        Services.AddScoped<ClusterRequestQueries>();
        Services.AddScoped<CurrentUserAccessor>();
        Auth = AddAuthorization();
        SignInAs("rita", "Rita Requester", [PortalRoles.Requester], ["payments"]);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected BunitAuthorizationContext Auth { get; }

    protected FakeCatalog Catalog { get; } = new();

    /// <summary>The price list the wizard estimates with; the shipped defaults unless a test sets its own before rendering.</summary>
    protected PricingOptions Pricing { get; } = new();

    protected FakeNetwork Network { get; } = new();

    protected FakeNames Names { get; } = new();

    protected FakeDrafts Drafts { get; } = new();

    protected FakeTeams Teams { get; } = new();

    protected FakeRequests Requests { get; } = new();

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    protected void SignInAs(string id, string name, string[] roles, string[] teams)
    {
        Auth.SetAuthorized(name);
        Auth.SetClaims([
            new Claim(ClaimTypes.NameIdentifier, id),
            new Claim("name", name),
            .. roles.Select(r => new Claim(PortalClaims.Role, r)),
            .. teams.Select(t => new Claim(PortalClaims.Team, t)),
        ]);
    }

    /// <summary>A draft every step accepts.</summary>
    public static CreateClusterDraft ValidDraft(WizardStep step = WizardStep.Basics) => new()
    {
        Name = "orders-db",
        Description = "Orders of the shop",
        TeamSlug = "payments",
        Region = "de-txl",
        BackupLocation = "eu-central-3",
        RetentionDays = 7,
        PostgresVersion = "17",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 20,
        DatacenterId = DatacenterId,
        LanId = "1",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Tuesday,
        MaintenanceTime = "10:00:00",
        Username = "app_admin",
        DatabaseName = "orders",
        CurrentStep = (int)step,
    };
}

public sealed class FixedRegions(IReadOnlyList<string> regions) : IRegionCatalog
{
    public IReadOnlyList<string> Regions { get; } = regions;
}

public sealed class FakeCatalog : IIonosCatalog
{
    public bool Unreachable { get; set; }

    public List<PostgresVersionOffering> Versions { get; } =
    [
        new("15", VersionSupportStatus.Deprecated, "DEPRECATED", "End of life soon", ["16", "17"]),
        new("16", VersionSupportStatus.Supported, "SUPPORTED", null, ["17"]),
        new("17", VersionSupportStatus.Recommended, "RECOMMENDED", null, []),
        new("18", VersionSupportStatus.Beta, "BETA", "Preview", []),
    ];

    public Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        return Task.FromResult<IReadOnlyList<PostgresVersionOffering>>(Versions);
    }

    public Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        return Task.FromResult<IReadOnlyList<BackupLocationOffering>>([new("b1", "eu-central-3"), new("b2", "de")]);
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new IonosUnavailableException("503 Service Unavailable");
        }
    }
}

/// <summary>
/// The network port as the adapter answers it: per region only the datacenters in that region's location, per datacenter
/// only its private LANs. Records what it was asked, and can be unreachable and recover.
/// </summary>
public sealed class FakeNetwork : INetworkCatalog
{
    public const string FrankfurtA = "5c1d9e2f-7a3b-4c8d-9e0f-1a2b3c4d5e6f";
    public const string FrankfurtB = "8e4f0a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b3";

    public bool Unreachable { get; set; }

    public Dictionary<string, List<DatacenterOption>> DatacentersByRegion { get; } = new()
    {
        ["de-txl"] = [new(WizardTestContext.DatacenterId, "Production", "de/txl")],
        ["de-fra"] = [new(FrankfurtA, "Frankfurt A", "de/fra"), new(FrankfurtB, "Frankfurt B", "de/fra/2")],
    };

    /// <summary>The datacenters of de-txl, the region of <see cref="WizardTestContext.ValidDraft"/>.</summary>
    public List<DatacenterOption> Datacenters => DatacentersByRegion["de-txl"];

    public Dictionary<string, List<LanOption>> PrivateLans { get; } = new()
    {
        [WizardTestContext.DatacenterId] = [new("1", "backend")],
        [FrankfurtA] = [new("1", "frontend-private")],
        [FrankfurtB] = [new("2", "backend"), new("3", "analytics")],
    };

    /// <summary>The regions whose datacenters were asked for, in order (failed calls included).</summary>
    public List<string> RegionsAsked { get; } = [];

    /// <summary>The datacenters whose LANs were asked for, in order (failed calls included).</summary>
    public List<string> LansAsked { get; } = [];

    public Task<IReadOnlyList<DatacenterOption>> GetDatacentersAsync(string region, CancellationToken cancellationToken)
    {
        RegionsAsked.Add(region);
        ThrowIfUnreachable();
        return Task.FromResult<IReadOnlyList<DatacenterOption>>([.. DatacentersByRegion.GetValueOrDefault(region) ?? []]);
    }

    public Task<IReadOnlyList<LanOption>> GetPrivateLansAsync(string datacenterId, CancellationToken cancellationToken)
    {
        LansAsked.Add(datacenterId);
        ThrowIfUnreachable();
        return Task.FromResult<IReadOnlyList<LanOption>>([.. PrivateLans.GetValueOrDefault(datacenterId) ?? []]);
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new IonosUnavailableException("Cloud API timed out");
        }
    }
}

public sealed class FakeNames : IClusterNameAvailability
{
    public HashSet<string> Taken { get; } = [];

    public int Checks { get; private set; }

    /// <summary>While set and not completed, every lookup waits for it (a slow IONOS).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public async Task<NameAvailability> CheckAsync(string region, string name, CancellationToken cancellationToken)
    {
        Checks++;
        if (Hold is { } hold)
        {
            await hold.Task;
        }

        return Taken.Contains(name) ? new NameAvailability(false, $"A cluster named {name} already exists in {region}.") : NameAvailability.Available;
    }
}

public sealed class FakeDrafts : IWizardDraftStore
{
    public CreateClusterDraft? Stored { get; set; }

    /// <summary>Every saved draft, serialized as the store would keep it.</summary>
    public List<string> Saves { get; } = [];

    public bool Deleted { get; private set; }

    public Task<CreateClusterDraft?> LoadAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(Stored?.Clone());

    public Task SaveAsync(string userId, CreateClusterDraft draft, CancellationToken cancellationToken)
    {
        Stored = draft.Clone();
        Saves.Add(JsonSerializer.Serialize(draft));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        Stored = null;
        Deleted = true;
        return Task.CompletedTask;
    }
}

public sealed class FakeSecrets : ISecretProtector
{
    public string Protect(string plaintext) => "protected:" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(new string('x', plaintext.Length)));

    public string Unprotect(string ciphertext) => throw new NotSupportedException();
}

public sealed class FakePayloads : IClusterPayloadPreview
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string RenderCreateBody(ClusterSpec spec) => JsonSerializer.Serialize(new
    {
        properties = new
        {
            name = spec.Name,
            version = spec.PostgresVersion,
            instances = new { count = spec.Instances, cores = spec.Cores, ram = spec.RamGb, storageSize = spec.StorageGb },
            credentials = new { username = spec.Username, password = "********", database = spec.DatabaseName },
        },
    }, Indented);
}

public sealed class FakeTeams : ITeamDirectory
{
    public static readonly TeamOption Payments = new(Guid.Parse("0b6f6a6e-1111-4c1e-9a51-5b3f3f1a0001"), "payments", "Payments");
    public static readonly TeamOption Search = new(Guid.Parse("0b6f6a6e-2222-4c1e-9a51-5b3f3f1a0002"), "search", "Search");

    public Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TeamOption>>([.. new[] { Payments, Search }.Where(t => user.Teams.Contains(t.Slug))]);
}

public sealed class FakeRequests : IClusterRequestStore
{
    public List<ClusterRequest> Saved { get; } = [];

    public List<PendingSecret> Secrets { get; } = [];

    public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken)
    {
        Saved.Add(request);
        if (secret is not null)
        {
            Secrets.Add(secret);
        }

        return Task.CompletedTask;
    }

    public Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(Saved.FirstOrDefault(r => r.Id == id));

    public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ClusterRequest>>([.. Saved.Where(r => teamIds.Contains(r.TeamId)).Take(limit)]);
}
