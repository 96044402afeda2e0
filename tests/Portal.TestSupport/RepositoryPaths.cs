namespace Portal.TestSupport;

/// <summary>Where the repository is, for tests that read its files or write artifacts beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"Portal.sln was not found above {AppContext.BaseDirectory}.");
    }
}
