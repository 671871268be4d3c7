using System.Globalization;
using Spectre.Console;

namespace CorrectNet.Cli;

/// <summary>
/// What reproduce expects before it runs (docs/method.md F41): per notebook, how many of the result-cache entries its
/// last recorded run asked for are present now, and its estimated wall time: the last cold run's when entries are
/// missing, the last warm run's when all are present (before any warm run: the last cold run's time outside the
/// stages), unknown without a record.
/// </summary>
internal sealed class RunPlan
{
    private RunPlan(IReadOnlyList<PlanRow> rows) => Rows = rows;

    public IReadOnlyList<PlanRow> Rows { get; }

    /// <summary>Sum of the known estimates, in seconds.</summary>
    public double KnownSeconds => Rows.Sum(r => r.EstimateSeconds ?? 0);

    /// <summary>Notebooks without an estimate.</summary>
    public int Unknown => Rows.Count(r => r.EstimateSeconds is null);

    /// <param name="notebooks">Names (file names without extension), in run order.</param>
    /// <param name="exists">Whether a cache entry exists now (tests may fake it); null = the file system.</param>
    public static RunPlan Make(IEnumerable<string> notebooks, TimingsFolder timings, Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
        return new RunPlan([.. notebooks.Select(name => Row(name, timings.History(name), exists))]);
    }

    /// <summary>F41's estimate for one notebook.</summary>
    public static PlanRow Row(string notebook, NotebookHistory history, Func<string, bool> exists)
    {
        if (history.Last is not { } last) return new PlanRow(notebook, null, null, null, "first run: no record");
        int entries = last.CachePaths.Count;
        int present = last.CachePaths.Count(exists);
        if (present < entries)
            return history.LastCold is { } cold
                ? new PlanRow(notebook, present, entries, cold.WallSeconds, $"last cold run ({Day(cold)})")
                : new PlanRow(notebook, present, entries, null, "entries missing, no cold run recorded");
        if (history.LastWarm is { } warm)
            return new PlanRow(notebook, present, entries, warm.WallSeconds, $"last warm run ({Day(warm)})");
        var coldOnly = history.LastCold!; // Last is one of the two
        return new PlanRow(notebook, present, entries, coldOnly.Stages.OtherOf(coldOnly.WallSeconds),
            $"cold run's time outside stages ({Day(coldOnly)})");
    }

    /// <summary>The plan as a table (notebook, cached, estimate, basis) with a total row.</summary>
    public Table ToTable()
    {
        var table = new Table().AddColumns("notebook", "cached", "estimate", "from");
        table.Columns[2].RightAligned();
        foreach (var r in Rows)
            table.AddRow(Markup.Escape(r.Notebook), Markup.Escape(CachedText(r)),
                Markup.Escape(Minutes(r.EstimateSeconds)), Markup.Escape(r.Basis));
        table.AddRow("[bold]total[/]", "", $"[bold]{Markup.Escape(TotalText())}[/]", "");
        return table;
    }

    /// <summary>"12.5 min", "≥ 12.5 min (2 unknown)" or "unknown".</summary>
    public string TotalText() => Unknown == Rows.Count ? "unknown"
        : Unknown == 0 ? Minutes(KnownSeconds)
        : $"≥ {Minutes(KnownSeconds)} ({Unknown} unknown)";

    public static string CachedText(PlanRow r) => r.Entries is not { } m ? "–"
        : m == 0 ? "no entries"
        : $"{r.Present}/{m}" + (r.Cached ? "" : $" ({m - r.Present} to compute)");

    public static string Minutes(double? seconds) =>
        seconds is { } s ? (s / 60).ToString("F1", CultureInfo.InvariantCulture) + " min" : "unknown";

    private static string Day(NotebookRun run) =>
        run.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
