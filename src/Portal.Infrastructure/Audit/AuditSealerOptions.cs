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

    /// <summary>
    /// How long the sealer pauses after a round that sealed something, before it looks again. A commit that finds the sealer
    /// idle is sealed at once; under load, the commits of a whole pause are sealed in one round instead of each commit
    /// costing a round (a transaction under the chain lock) of its own. Zero: no pause.
    /// </summary>
    public TimeSpan SealPause { get; set; } = TimeSpan.FromMilliseconds(20);
}
