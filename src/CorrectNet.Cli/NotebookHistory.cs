namespace CorrectNet.Cli;

/// <summary>
/// What reproduce keeps of a notebook's successful runs under one profile: the last one (whose cache entries the plan
/// checks) and the last cold and warm ones (whose wall times it estimates from; docs/method.md F41).
/// </summary>
internal sealed record NotebookHistory(NotebookRun? Last, NotebookRun? LastCold, NotebookRun? LastWarm)
{
    public static NotebookHistory Empty { get; } = new(null, null, null);

    /// <summary>This history after <paramref name="run"/>.</summary>
    public NotebookHistory With(NotebookRun run) => run.Computed
        ? this with { Last = run, LastCold = run }
        : this with { Last = run, LastWarm = run };
}
