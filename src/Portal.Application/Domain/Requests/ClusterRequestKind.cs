namespace Portal.Application.Domain.Requests;

public enum ClusterRequestKind
{
    Create = 0,
    Update = 1,
    Delete = 2,
    Restore = 3,
}
