using System.Globalization;
using System.Text;
using Spectre.Console;

namespace CorrectNet.Cli;

/// <summary>
/// Reproduce's table of wall minutes per notebook and per stage (docs/method.md F40), with a total row: printed at
/// the end of the run and written to OUT/timings.csv and OUT/timings.md. A notebook whose kernel kept no record shows
/// its wall time and empty stage cells; the total row sums what is known.
/// </summary>
internal sealed class TimingsTable(IReadOnlyList<TimingsRow> rows)
{
    public static IReadOnlyList<string> Columns { get; } =
        ["notebook", "result", "wall", "training", "monte-carlo", "units", "searches", "other"];

    public IReadOnlyList<TimingsRow> Rows { get; } = rows;

    /// <summary>The total row: wall time of all, each stage summed over the notebooks with a record.</summary>
    public TimingsRow Total
    {
        get
        {
            var known = Rows.Where(r => r.Stages is not null).ToList();
            var stages = known.Aggregate(StageSeconds.Zero, (sum, r) => new StageSeconds(
                sum.Training + r.Stages!.Training, sum.MonteCarlo + r.Stages.MonteCarlo,
                sum.Units + r.Stages.Units, sum.Searches + r.Stages.Searches));
            return new TimingsRow("total", Rows.All(r => r.Succeeded), Rows.Sum(r => r.WallSeconds),
                known.Count > 0 ? stages : null);
        }
    }

    /// <summary>The other column of the total: the sum of the rows' other (not the total's wall minus its stages,
    /// which would count the wall time of notebooks without a record as other).</summary>
    public double? TotalOther =>
        Rows.Any(r => r.Stages is not null) ? Rows.Sum(r => r.OtherSeconds ?? 0) : null;

    /// <summary>Cells of a row in minutes (one decimal in text, <paramref name="format"/> given), empty when unknown.
    /// </summary>
    public static IReadOnlyList<string> Cells(TimingsRow row, string format, double? other, string? result = null)
    {
        string M(double? seconds) =>
            seconds is { } s ? (s / 60).ToString(format, CultureInfo.InvariantCulture) : "";
        return
        [
            row.Notebook, result ?? (row.Succeeded ? "ok" : "failed"), M(row.WallSeconds), M(row.Stages?.Training),
            M(row.Stages?.MonteCarlo), M(row.Stages?.Units), M(row.Stages?.Searches), M(other),
        ];
    }

    /// <summary>Rows then the total row, each as cells.</summary>
    public IEnumerable<IReadOnlyList<string>> Lines(string format) =>
        Rows.Select(r => Cells(r, format, r.OtherSeconds))
            .Append(Cells(Total, format, TotalOther, $"{Rows.Count(r => r.Succeeded)}/{Rows.Count} ok"));

    /// <summary>CSV (UTF-8, '\n', snake_case header with the unit): minutes with two decimals.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder(
            "notebook,result,wall_min,training_min,monte_carlo_min,units_min,searches_min,other_min\n");
        foreach (var cells in Lines("F2")) text.Append(string.Join(',', cells.Select(Csv))).Append('\n');
        return text.ToString();
    }

    /// <summary>A markdown page: what the numbers are, then the table in minutes (one decimal).</summary>
    public string ToMarkdown(string profile, DateTimeOffset finishedAt)
    {
        var page = new StringBuilder()
            .AppendLine("# Time per notebook and stage")
            .AppendLine()
            .AppendLine($"`./correctnet reproduce --profile {profile}`, finished " +
                        $"{finishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. " +
                        "Wall minutes; a stage's time is attributed as docs/method.md F40 says (a search's own " +
                        "training and evaluations count as search), other = the rest of the notebook's wall time. " +
                        "Empty cells: the notebook's kernel left no timing record.")
            .AppendLine()
            .AppendLine("| " + string.Join(" | ", Columns) + " |")
            .AppendLine("|---|---|" + string.Concat(Columns.Skip(2).Select(_ => "---:|")));
        foreach (var cells in Lines("F1"))
        {
            var shown = cells.ToList();
            if (shown[0] == "total") shown = [.. shown.Select(c => c.Length > 0 ? $"**{c}**" : c)];
            page.AppendLine("| " + string.Join(" | ", shown) + " |");
        }
        return page.ToString();
    }

    /// <summary>The table for the terminal.</summary>
    public Table ToConsoleTable()
    {
        var table = new Table().AddColumns([.. Columns]);
        for (int c = 2; c < Columns.Count; c++) table.Columns[c].RightAligned();
        table.Title = new TableTitle("minutes per notebook and stage");
        foreach (var cells in Lines("F1"))
            table.AddRow([.. cells.Select(c => Markup.Escape(c))]);
        return table;
    }

    /// <summary>Writes OUT/timings.csv and OUT/timings.md atomically; returns both paths.</summary>
    public (string Csv, string Markdown) Write(string outputFolder, string profile, DateTimeOffset finishedAt)
    {
        string csv = Path.Combine(outputFolder, "timings.csv");
        string markdown = Path.Combine(outputFolder, "timings.md");
        AtomicFile.WriteAllText(csv, ToCsv());
        AtomicFile.WriteAllText(markdown, ToMarkdown(profile, finishedAt));
        return (csv, markdown);
    }

    private static string Csv(string cell) =>
        cell.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;
}
