using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Domain;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;

namespace Portal.Application.Audit;

/// <summary>
/// The one way an application service records that it refused someone for who they are (role, team membership,
/// four-eyes), as <c>auth.access-denied</c>, the same action the host writes for a denied page. The entry names the
/// operation, its target and what was missing, never the payload of the refused call. Validation problems and refusals
/// for the target's state (already decided, protected, no longer exists) are not denials and are not recorded here.
/// </summary>
public sealed partial class AccessDenials(IAuditLog auditLog, TimeProvider time, ILogger<AccessDenials> logger)
{
    public const string Action = "auth.access-denied";

    private const int TargetIdMaxLength = 128;

    /// <summary>The actor recorded for a caller without a stable id (a principal that is not signed in).</summary>
    public static Actor Anonymous { get; } = new("anonymous", "Anonymous");

    /// <param name="user">Who was refused.</param>
    /// <param name="operation">The refused call, as <c>Service.Method</c> (e.g. <c>RequestDecision.Approve</c>).</param>
    /// <param name="targetType">What it acted on (<c>ClusterRequest</c>, <c>Cluster</c>, <c>Team</c>, ...).</param>
    /// <param name="targetId">Its id.</param>
    /// <param name="teamId">The team that owns the target, when known.</param>
    /// <param name="region">The target's region, when it has one.</param>
    /// <param name="missing">What the person lacks, in words: <c>role Admin</c>, <c>membership of team payments</c>, ...</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task RecordAsync(
        PortalUser user, string operation, string targetType, string targetId, Guid? teamId, string? region, string missing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var actor = string.IsNullOrWhiteSpace(user.Id)
            ? Anonymous
            : new Actor(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Id : user.DisplayName);
        var details = JsonSerializer.Serialize(new
        {
            method = "service",
            operation,
            missing,
            roles = user.Roles.Order(StringComparer.Ordinal).ToArray(),
        });
        var target = string.IsNullOrEmpty(targetId) ? "(none)" : targetId.Length <= TargetIdMaxLength ? targetId : targetId[..TargetIdMaxLength];
        try
        {
            await auditLog.AppendAsync(
                new AuditEvent(time.GetUtcNow(), actor, Action, targetType, target, teamId, region,
                    Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"), details),
                cancellationToken);
            LogDenied(logger, operation, actor.Id, missing);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The answer is "no" either way; a failed record must not turn a refusal into an error.
            LogNotRecorded(logger, operation, actor.Id, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} refused for {UserId}: missing {Missing}")]
    private static partial void LogDenied(ILogger logger, string operation, string userId, string missing);

    [LoggerMessage(Level = LogLevel.Error, Message = "The refusal of {Operation} for {UserId} could not be written to the audit log")]
    private static partial void LogNotRecorded(ILogger logger, string operation, string userId, Exception exception);
}
