namespace Portal.Application.Domain.Requests;

/// <summary>IONOS <c>connectionPooler</c>.</summary>
public enum ConnectionPooler
{
    Disabled = 0,
    Transaction = 1,
    Session = 2,
}
