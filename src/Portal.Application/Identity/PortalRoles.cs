namespace Portal.Application.Identity;

/// <summary>The portal's app roles (Entra ID app roles of the same names).</summary>
public static class PortalRoles
{
    public const string Requester = "Requester";
    public const string Dba = "Dba";
    public const string Admin = "Admin";
    public const string Auditor = "Auditor";

    public static IReadOnlyList<string> All { get; } = [Requester, Dba, Admin, Auditor];
}

/// <summary>Named authorization policies; pages and services refer to these, never to role strings.</summary>
public static class PortalPolicies
{
    /// <summary>Anyone who may order clusters: every signed-in member of a team.</summary>
    public const string Requester = "Requester";

    /// <summary>Approvers: DBAs and admins.</summary>
    public const string Approver = "Approver";

    /// <summary>Portal administrators.</summary>
    public const string Admin = "Admin";

    /// <summary>Readers of the audit log: auditors, admins and DBAs.</summary>
    public const string AuditReader = "AuditReader";
}
