namespace CorrectNet;

/// <summary>Where the kit finds its own folders: the clone it runs from, and its cache.</summary>
public static class ProjectPaths
{
    public const string SolutionFile = "CorrectNet.Research.sln";

    /// <summary>The clone's root (the folder holding the solution), searched upwards from the current and the
    /// program's folder; null when running outside a clone.</summary>
    public static string? RepositoryRoot { get; } =
        FindUpwards(Environment.CurrentDirectory) ?? FindUpwards(AppContext.BaseDirectory);

    /// <summary>CORRECTNET_CACHE, else .cache/ in the clone, else ~/.cache/correctnet.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("CORRECTNET_CACHE") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : RepositoryRoot is { } root ? Path.Combine(root, ".cache")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "correctnet");

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }
}
