using System.Globalization;
using System.Text;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Notebooks;
using Microsoft.Data.Analysis;

namespace CorrectNet.Cli;

/// <summary>
/// One page with every figure (as its PNG) and every table of a reproduce run, notebook by notebook, readable without
/// running anything: DIR/gallery/results.md with its files in DIR/gallery/results/. Copied into docs/ it is the
/// repository's results page (README).
/// </summary>
internal static class ResultsGallery
{
    /// <summary>Rows of a table shown on the page; the whole table is linked as CSV.</summary>
    private const int MaxRows = 25;

    public static string Write(string outputFolder, IReadOnlyList<string> notebooks, ExperimentProfile profile)
    {
        string gallery = Path.Combine(outputFolder, "gallery");
        string files = Path.Combine(gallery, "results");
        if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
        var page = new StringBuilder()
            .AppendLine("# Results")
            .AppendLine()
            .AppendLine($"Every figure and table of the notebooks, " +
                        $"as `./correctnet reproduce --profile {profile.Name}` wrote them. " +
                        $"Profile: {profile.Description}.")
            .AppendLine("The notebooks in `notebooks/` say how each was made and how to read it; " +
                        "each table's CSV has every row and digit.")
            .AppendLine($"Written {DateTime.UtcNow:yyyy-MM-dd} by correctnet {CorrectNetInfo.Version}" +
                        (CorrectNetInfo.GitCommit is { } commit ? $", commit {commit[..Math.Min(7, commit.Length)]}"
                            : "") +
                        "; every number below comes from that run.")
            .AppendLine();
        if (profile.Name != ExperimentProfile.Default.Name)
            page.AppendLine($"> **Not the default profile.** These are the {profile.Name} profile's results " +
                            $"({profile.Purpose}): they show " +
                            "that every experiment runs and draws, not what the paper's claims come to here. " +
                            "`./correctnet reproduce` (default profile) writes the page to read.")
                .AppendLine();
        foreach (string name in notebooks)
        {
            string source = Path.Combine(outputFolder, name);
            var entries = ArtifactIndex.Read(source);
            if (entries.Count == 0) continue;
            page.AppendLine($"## {name}").AppendLine();
            Directory.CreateDirectory(Path.Combine(files, name));
            foreach (var entry in entries)
            {
                File.Copy(Path.Combine(source, entry.File), Path.Combine(files, name, entry.File), overwrite: true);
                string link = $"results/{name}/{Uri.EscapeDataString(entry.File)}";
                if (entry.Kind == ArtifactKind.Figure)
                    page.AppendLine(entry.File.EndsWith(".png", StringComparison.Ordinal)
                        ? $"![{entry.Name}]({link})"
                        : $"[{entry.Name}]({link}) (interactive HTML; no image was rendered)");
                else
                    AppendTable(page, entry.Name, link,
                        DataFrame.LoadCsv(Path.Combine(source, entry.File), cultureInfo: CultureInfo.InvariantCulture));
                page.AppendLine();
            }
        }
        string path = Path.Combine(gallery, "results.md");
        AtomicFile.WriteAllText(path, page.ToString());
        return path;
    }

    private static void AppendTable(StringBuilder page, string name, string link, DataFrame table)
    {
        page.AppendLine($"**{name}** ([CSV]({link}))").AppendLine();
        if (table.Columns.Count == 0 || table.Rows.Count == 0)
        {
            page.AppendLine("(No rows in this run.)");
            return;
        }
        page.AppendLine("| " + string.Join(" | ", table.Columns.Select(c => Escape(c.Name))) + " |");
        page.AppendLine("|" + string.Concat(table.Columns.Select(_ => "---|")));
        for (long row = 0; row < Math.Min(table.Rows.Count, MaxRows); row++)
            page.AppendLine("| " + string.Join(" | ", table.Columns.Select(c => Escape(Format(c[row])))) + " |");
        if (table.Rows.Count > MaxRows)
            page.AppendLine().AppendLine($"({table.Rows.Count - MaxRows} more rows in the CSV.)");
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        // counts
        double d when d == Math.Round(d) && Math.Abs(d) < 1e12 => d.ToString("F0", CultureInfo.InvariantCulture),
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
