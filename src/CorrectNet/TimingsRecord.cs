namespace CorrectNet;

/// <summary>
/// What one process (a notebook's kernel) spent its time on and which result-cache entries it asked for: the file
/// that <see cref="ProcessTimings.Variable"/> names, JSON in the kit's convention (<see cref="JsonFormat"/>), e.g.
/// <c>{"format":"correctnet-timings/1","written_at":…,"elapsed_seconds":812.4,"stages":{"training":500.1,
/// "monte_carlo":90.2,"units":0,"searches":0},"cache_paths":[{"path":"/…/.cache/models/ab12….ckpt","hit":false}]}</c>.
/// </summary>
/// <param name="Format"><see cref="CurrentFormat"/>.</param>
/// <param name="WrittenAt">When the process wrote this record (UTC).</param>
/// <param name="ElapsedSeconds">Wall seconds since the process's clock started (its first stage or cache use), not
/// since the process did.</param>
/// <param name="Stages">Wall seconds per stage (F40), an unfinished stage's time up to <paramref name="WrittenAt"/>
/// included.</param>
/// <param name="CachePaths">Every entry asked for, in first-use order, once each.</param>
public sealed record TimingsRecord(
    string Format,
    DateTimeOffset WrittenAt,
    double ElapsedSeconds,
    StageSeconds Stages,
    IReadOnlyList<CachePathUse> CachePaths)
{
    public const string CurrentFormat = "correctnet-timings/1";

    /// <summary>Whether the process computed anything the cache lacked (an entry missing at its first use).</summary>
    public bool Computed => CachePaths.Any(p => !p.Hit);

    /// <summary>Writes the record atomically (<see cref="AtomicFile"/>): readers see the old or the new one.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonFormat.Serialize(this));

    /// <summary>The record at <paramref name="path"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">Not a timings record of this format; the message names the file.
    /// </exception>
    public static TimingsRecord? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var record = JsonFormat.Deserialize<TimingsRecord>(File.ReadAllText(path), path);
        if (record.Format != CurrentFormat || record.Stages is null || record.CachePaths is null)
            throw new InvalidDataException($"{path}: not a '{CurrentFormat}' timings record.");
        return record;
    }
}
