namespace Portal.Application.Requests.Create;

/// <summary>Usernames and database names a new cluster cannot use, compared case-insensitively.</summary>
public static class ReservedNames
{
    /// <summary>PostgreSQL refuses role names that begin with <c>pg_</c>; they belong to its predefined roles.</summary>
    public const string UsernamePrefix = "pg_";

    /// <summary>
    /// postgres, admin, standby: refused by IONOS (ionosctl lists them as system usernames). root, replicator: the
    /// usual names of a managed service's own superuser and replication roles, so a clash would fail late, at
    /// execution. public: PostgreSQL refuses it as a role name ("role name public is reserved").
    /// </summary>
    public static IReadOnlyList<string> Usernames { get; } = ["postgres", "admin", "standby", "root", "replicator", "public"];

    /// <summary>The databases every PostgreSQL cluster already has.</summary>
    public static IReadOnlyList<string> DatabaseNames { get; } = ["postgres", "template0", "template1"];

    public static bool IsReservedUsername(string username) =>
        Usernames.Contains(username, StringComparer.OrdinalIgnoreCase)
        || username.StartsWith(UsernamePrefix, StringComparison.OrdinalIgnoreCase);

    public static bool IsReservedDatabaseName(string databaseName) =>
        DatabaseNames.Contains(databaseName, StringComparer.OrdinalIgnoreCase);
}
