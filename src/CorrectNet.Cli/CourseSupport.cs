namespace CorrectNet.Cli;

/// <summary>
/// course/support, copied next to notebooks that run outside course/ (a release, a grader's scratch folder): its
/// <c>#load "../../notebooks/support/…"</c> lines are rewritten to reach the same files from the copy.
/// </summary>
internal static class CourseSupport
{
    public const string SharedPrefix = "../../notebooks/support/";

    public static void Copy(string repositoryRoot, string notebookFolder)
    {
        string from = Path.Combine(repositoryRoot, "course", "support");
        string to = Path.Combine(notebookFolder, "support");
        Directory.CreateDirectory(to);
        string shared = Path.GetRelativePath(to, Path.Combine(repositoryRoot, "notebooks", "support"))
            .Replace('\\', '/') + "/";
        foreach (string file in Directory.GetFiles(from, "*.csx"))
            AtomicFile.WriteAllText(Path.Combine(to, Path.GetFileName(file)),
                File.ReadAllText(file).Replace(SharedPrefix, shared, StringComparison.Ordinal));
    }
}
