namespace CorrectNet.Cli;

/// <summary>
/// One row of reproduce's time table, in wall seconds: the notebook's wall time and, when its kernel kept a record,
/// its seconds per stage and the rest (other; docs/method.md F40).
/// </summary>
internal sealed record TimingsRow(string Notebook, bool Succeeded, double WallSeconds, StageSeconds? Stages)
{
    /// <summary>The rest of the wall time (null without a record).</summary>
    public double? OtherSeconds => Stages?.OtherOf(WallSeconds);

    public static TimingsRow Of(NotebookResult result) =>
        new(result.Name, result.Succeeded, result.Elapsed.TotalSeconds, result.Timings?.Stages);
}
