namespace CorrectNet.Cli;

/// <summary>
/// One successful run of a notebook as <c>reproduce</c> remembers it for its plan (docs/method.md F41).
/// </summary>
/// <param name="FinishedAt">When the notebook finished (UTC).</param>
/// <param name="WallSeconds">The notebook's wall time as reproduce measured it (kernel start to exit).</param>
/// <param name="Computed">Whether the kernel computed anything (an entry missing at its first use): a cold run.</param>
/// <param name="Stages">The kernel's seconds per stage (F40).</param>
/// <param name="CachePaths">Every result-cache entry the run asked for.</param>
internal sealed record NotebookRun(
    DateTimeOffset FinishedAt,
    double WallSeconds,
    bool Computed,
    StageSeconds Stages,
    IReadOnlyList<string> CachePaths);
