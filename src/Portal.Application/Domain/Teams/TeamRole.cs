namespace Portal.Application.Domain.Teams;

/// <summary>A member's role inside one team. Portal-wide roles (Dba, Admin, Auditor) come from the identity provider.</summary>
public enum TeamRole
{
    Member = 0,
    Owner = 1,
}
