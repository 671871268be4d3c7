namespace CorrectNet.Cli;

/// <summary>
/// One executed notebook. Failure names the cell (1-based, code cells counted with markdown) and the error.
/// Figures: figure outputs in the executed notebook; Drawn: how many of them a headless browser drew
/// (null: not checked). Timings: the kernel's record of stages and cache entries (null: it wrote none).
/// </summary>
internal sealed record NotebookResult(
    string Name, bool Succeeded, TimeSpan Elapsed, string? Failure, int Figures = 0, int? Drawn = null,
    TimingsRecord? Timings = null)
{
    public static NotebookResult Failed(string name, TimeSpan elapsed, string failure) =>
        new(name, false, elapsed, failure);
}
