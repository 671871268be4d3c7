using CorrectNet.Experiments.Profiles;

namespace CorrectNet.Cli;

/// <summary>
/// Where reproduce keeps timings, per profile, across runs: CACHE/timings/&lt;profile&gt;/&lt;notebook&gt;.json is the
/// kernel's own record of its latest run (<see cref="ProcessTimings.Variable"/>), &lt;notebook&gt;.runs.json the
/// history the plan reads (<see cref="NotebookHistory"/>). Both live beside the result cache because they describe it:
/// deleting .cache/ deletes them too, and the next plan says "first run".
/// </summary>
internal sealed class TimingsFolder(string cacheRoot, string profile)
{
    public string Folder { get; } = Path.Combine(Path.GetFullPath(cacheRoot), "timings", profile);

    public static TimingsFolder For(ExperimentProfile profile) => new(ProjectPaths.CacheRoot, profile.Name);

    /// <summary>The file the notebook's kernel writes (passed to it as <see cref="ProcessTimings.Variable"/>).
    /// </summary>
    public string KernelRecordPath(string notebook) => Path.Combine(Folder, notebook + ".json");

    public string HistoryPath(string notebook) => Path.Combine(Folder, notebook + ".runs.json");

    /// <summary>The notebook's history, empty when none was kept or the file is unreadable (a plan is an estimate:
    /// a damaged history costs the estimate, never the run).</summary>
    public NotebookHistory History(string notebook)
    {
        string path = HistoryPath(notebook);
        if (!File.Exists(path)) return NotebookHistory.Empty;
        try
        {
            return JsonFormat.Deserialize<NotebookHistory>(File.ReadAllText(path), path);
        }
        catch (InvalidDataException)
        {
            return NotebookHistory.Empty;
        }
    }

    /// <summary>Removes the kernel's record of an earlier run, so a run that writes none is not credited with it.
    /// </summary>
    public void ClearKernelRecord(string notebook)
    {
        string path = KernelRecordPath(notebook);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>The kernel's record of the run that just ended, or null when it wrote none or an unreadable one.
    /// </summary>
    public TimingsRecord? KernelRecord(string notebook)
    {
        try
        {
            return TimingsRecord.Read(KernelRecordPath(notebook));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds a finished notebook to its history: only a successful run with a kernel record (a failed one stopped
    /// early, and without a record its cache entries are unknown). Written atomically.
    /// </summary>
    public void Remember(NotebookResult result, DateTimeOffset finishedAt)
    {
        if (!result.Succeeded || result.Timings is not { } kernel) return;
        var run = new NotebookRun(finishedAt, result.Elapsed.TotalSeconds, kernel.Computed, kernel.Stages,
            [.. kernel.CachePaths.Select(p => p.Path)]);
        AtomicFile.WriteAllText(HistoryPath(result.Name), JsonFormat.Serialize(History(result.Name).With(run)));
    }
}
