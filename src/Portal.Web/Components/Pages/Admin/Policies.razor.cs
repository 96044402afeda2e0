using Microsoft.AspNetCore.Components;
using Portal.Application.Policies;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages.Admin;

/// <summary>The Admin's policies page: binds and calls <see cref="PolicyService"/>, which validates, authorizes and audits.</summary>
public sealed partial class Policies : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private PoliciesView? _view;
    private RuleForm _rule = new();
    private List<QuotaForm> _quotas = [];
    private PolicyChangeResult? _ruleResult;
    private bool _ruleSaved;
    private bool _busy;

    [Inject]
    private PolicyService Service { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _view = await Service.GetAsync(await CurrentUser.GetAsync(), _disposed.Token);
        if (_view is null)
        {
            return;
        }

        _rule = RuleForm.From(_view.AutoApproval);
        _quotas = [.. _view.Teams.Select(QuotaForm.From)];
    }

    private string? RuleError(string field) => _ruleResult?.Report.FirstFor(field);

    private async Task SaveRuleAsync()
    {
        _busy = true;
        _ruleSaved = false;
        try
        {
            _ruleResult = await Service.SetAutoApprovalAsync(await CurrentUser.GetAsync(), _rule.ToRule(), _disposed.Token);
            _ruleSaved = _ruleResult.Succeeded;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveQuotaAsync(QuotaForm row)
    {
        _busy = true;
        row.Saved = false;
        try
        {
            row.Result = await Service.SetQuotaAsync(await CurrentUser.GetAsync(), row.View.Team.Id, row.ToLimits(), _disposed.Token);
            row.Saved = row.Result.Succeeded;
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private sealed class RuleForm
    {
        public bool Enabled { get; set; }

        public int MaxCores { get; set; }

        public int MaxRamGb { get; set; }

        public int MaxInstances { get; set; }

        public int MaxStorageGb { get; set; }

        public static RuleForm From(AutoApprovalRule rule) => new()
        {
            Enabled = rule.Enabled,
            MaxCores = rule.MaxCores,
            MaxRamGb = rule.MaxRamGb,
            MaxInstances = rule.MaxInstances,
            MaxStorageGb = rule.MaxStorageGb,
        };

        public AutoApprovalRule ToRule() => new(Enabled, MaxCores, MaxRamGb, MaxInstances, MaxStorageGb);
    }

    private sealed class QuotaForm(TeamQuotaView view)
    {
        public TeamQuotaView View { get; } = view;

        public int? MaxClusters { get; set; } = view.Limits.MaxClusters;

        public int? MaxTotalCores { get; set; } = view.Limits.MaxTotalCores;

        public int? MaxTotalRamGb { get; set; } = view.Limits.MaxTotalRamGb;

        public int? MaxTotalStorageGb { get; set; } = view.Limits.MaxTotalStorageGb;

        public PolicyChangeResult? Result { get; set; }

        public bool Saved { get; set; }

        public static QuotaForm From(TeamQuotaView view) => new(view);

        public string? ErrorFor(string field) => Result?.Report.FirstFor(field);

        public QuotaLimits ToLimits() => new(MaxClusters, MaxTotalCores, MaxTotalRamGb, MaxTotalStorageGb);
    }
}
