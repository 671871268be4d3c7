namespace CorrectNet;

/// <summary>
/// The process's <see cref="StageClock"/> and, when <see cref="Variable"/> names a file, the
/// <see cref="TimingsRecorder"/> that keeps that file current (<c>correctnet reproduce</c> sets it for each notebook's
/// kernel) and writes it once more when the process exits.
/// </summary>
public static class ProcessTimings
{
    /// <summary>Names the file the process keeps its <see cref="TimingsRecord"/> in; unset = no file.</summary>
    public const string Variable = "CORRECTNET_TIMINGS";

    /// <summary>Longest wait before the file shows a change: one rewrite per second at most, however many stages
    /// and cache entries a second holds.</summary>
    private static readonly TimeSpan WriteDelay = TimeSpan.FromSeconds(1);

    public static StageClock Clock { get; } = new();

    /// <summary>The recorder of this process, or null when <see cref="Variable"/> is unset (tests may swap it).
    /// </summary>
    public static TimingsRecorder? Recorder { get; internal set; } = Start();

    /// <summary>Records a use of a result-cache entry (called by <c>ResultCache.PathFor</c>); nothing when no file
    /// is kept.</summary>
    public static void TouchCachePath(string path) => Recorder?.Touch(path);

    private static TimingsRecorder? Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path) return null;
        var recorder = new TimingsRecorder(Clock, path, WriteDelay);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => recorder.Write();
        return recorder;
    }
}
