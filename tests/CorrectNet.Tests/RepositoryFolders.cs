namespace CorrectNet.Tests;

/// <summary>Where the clone is, for tests that read its sources, docs and shipped data.</summary>
internal static class RepositoryFolders
{
    /// <summary>The first folder above the test binaries that holds CorrectNet.Research.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CorrectNet.Research.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No CorrectNet.Research.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>True for a path (relative to anything) inside a bin/ or obj/ build output folder.</summary>
    public static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
