using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Persistence;

/// <summary>Fails the start with messages that name the setting to fix.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (!DatabaseProvider.IsSqlite(options.Provider) && !DatabaseProvider.IsPostgreSql(options.Provider))
        {
            failures.Add($"Database:Provider must be Sqlite or PostgreSql (was '{options.Provider}').");
        }
        else if (DatabaseProvider.IsPostgreSql(options.Provider) && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("ConnectionStrings:Portal is required when Database:Provider is PostgreSql.");
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && !IsWellFormed(options.ConnectionString))
        {
            // The value itself is not echoed: it may contain a password.
            failures.Add("ConnectionStrings:Portal is not a well-formed connection string (expected key=value pairs separated by ';').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsWellFormed(string connectionString)
    {
        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
