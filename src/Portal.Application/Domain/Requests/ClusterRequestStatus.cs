namespace Portal.Application.Domain.Requests;

/// <summary>The states a user sees on a request's timeline.</summary>
public enum ClusterRequestStatus
{
    PendingApproval = 0,
    Rejected = 1,
    Cancelled = 2,
    Approved = 3,
    Submitting = 4,
    Provisioning = 5,
    Completed = 6,
    Failed = 7,
    NeedsAttention = 8,

    /// <summary>Nobody decided it within the configured time (Portal:Requests:PendingApprovalExpiry); final, like a rejection without a reviewer.</summary>
    Expired = 9,
}

public static class ClusterRequestStatusExtensions
{
    /// <summary>Final states: nothing more happens to the request.</summary>
    public static bool IsFinal(this ClusterRequestStatus status) =>
        status is ClusterRequestStatus.Rejected or ClusterRequestStatus.Cancelled
            or ClusterRequestStatus.Completed or ClusterRequestStatus.Failed
            or ClusterRequestStatus.Expired;

    /// <summary>States in which the executor owns the request (it was approved and is not final).</summary>
    public static bool IsInExecution(this ClusterRequestStatus status) =>
        status is ClusterRequestStatus.Approved or ClusterRequestStatus.Submitting or ClusterRequestStatus.Provisioning;
}
