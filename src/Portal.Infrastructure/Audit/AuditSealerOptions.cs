namespace Portal.Infrastructure.Audit;

/// <summary>Section <c>Portal:Audit</c>: how the audit sealer chains committed entries.</summary>
public sealed class AuditSealerOptions
{
    public const string SectionName = "Portal:Audit";

    /// <summary>
    /// How often the sealer looks for unsealed entries when nothing wakes it. A commit in this process wakes it at once;
    /// the timer is for entries other replicas wrote (and for a wake-up lost to a crash).
    /// </summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(2);
}
