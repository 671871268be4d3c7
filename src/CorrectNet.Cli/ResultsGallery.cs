using System.Globalization;
using System.Text;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Notebooks;
using Microsoft.Data.Analysis;

namespace CorrectNet.Cli;

/// <summary>
/// One page with every figure (as its PNG) and every table of the notebooks, readable without running anything:
/// GALLERY/results.md, built from the sections in GALLERY/results/&lt;notebook&gt;/ (the notebook's figures and
/// tables, their index, and <see cref="GallerySection"/>: the run that made them). A run replaces the sections of the
/// notebooks it ran and keeps the others, so a page can gather notebooks run at different times; each section names
/// its run. docs/ holds the repository's page (README), updated from a run by `correctnet gallery`.
/// </summary>
internal static class ResultsGallery
{
    /// <summary>Rows of a table shown on the page; the whole table is linked as CSV.</summary>
    private const int MaxRows = 25;

    public const string PageName = "results.md";
    public const string SectionsFolder = "results";

    /// <summary>
    /// The sections of <paramref name="notebooks"/> from the run's artifact folders in <paramref name="outputFolder"/>
    /// (replacing any earlier ones) into OUTPUT/gallery, then the page from every section there.
    /// </summary>
    public static string Write(string outputFolder, IReadOnlyList<string> notebooks, ExperimentProfile profile)
    {
        string gallery = Path.Combine(outputFolder, "gallery");
        var run = GallerySection.ForThisRun(profile);
        foreach (string name in notebooks)
        {
            string source = Path.Combine(outputFolder, name);
            var entries = ArtifactIndex.Read(source);
            string section = Path.Combine(gallery, SectionsFolder, name);
            if (Directory.Exists(section)) Directory.Delete(section, recursive: true);
            if (entries.Count == 0) continue;
            Directory.CreateDirectory(section);
            foreach (var entry in entries)
                File.Copy(Path.Combine(source, entry.File), Path.Combine(section, entry.File), overwrite: true);
            File.Copy(Path.Combine(source, ArtifactIndex.FileName), Path.Combine(section, ArtifactIndex.FileName),
                overwrite: true);
            run.Save(section);
        }
        return Render(gallery);
    }

    /// <summary>Copies every section of <paramref name="fromGallery"/> into <paramref name="intoGallery"/> (replacing
    /// the same notebooks' sections there, keeping the others) and renders its page.</summary>
    /// <exception cref="InvalidDataException">The source holds no section.</exception>
    public static (string Page, IReadOnlyList<string> Copied) Update(string fromGallery, string intoGallery)
    {
        var sections = Sections(fromGallery);
        if (sections.Count == 0)
            throw new InvalidDataException($"{Path.Combine(fromGallery, SectionsFolder)}: no notebook section " +
                $"(a folder with {GallerySection.FileName}); `correctnet reproduce` writes them into --out/gallery.");
        // The same folder twice: nothing to copy (and deleting a target would delete its source); the page is rendered.
        if (Path.GetFullPath(fromGallery).TrimEnd(Path.DirectorySeparatorChar) ==
            Path.GetFullPath(intoGallery).TrimEnd(Path.DirectorySeparatorChar))
            return (Render(intoGallery), []);
        foreach (var (name, folder, _) in sections)
        {
            string target = Path.Combine(intoGallery, SectionsFolder, name);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(folder))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return (Render(intoGallery), [.. sections.Select(s => s.Name)]);
    }

    /// <summary>The page GALLERY/results.md from every section of GALLERY/results/, in notebook order.</summary>
    public static string Render(string gallery)
    {
        var sections = Sections(gallery);
        var runs = sections.Select(s => s.Run).Distinct().ToList();
        var page = new StringBuilder()
            .AppendLine("# Results")
            .AppendLine()
            .AppendLine("Every figure and table of the notebooks, as `./correctnet reproduce` wrote them. " +
                        "The notebooks in `notebooks/` say how each was made and how to read it; " +
                        "each table's CSV has every row and digit.");
        if (runs.Count == 1)
            page.AppendLine($"Profile: {runs[0].Profile} ({runs[0].ProfileDescription}). " +
                            $"{char.ToUpperInvariant(runs[0].Provenance[0])}{runs[0].Provenance[1..]}; every number " +
                            "below comes from that run.");
        else
        {
            page.AppendLine("The sections come from more than one run; each names its own:").AppendLine();
            foreach (var r in runs)
                page.AppendLine($"- {r.Profile} profile ({r.ProfileDescription}), {r.Provenance}: " +
                                string.Join(", ", sections.Where(s => s.Run == r).Select(s => s.Name)));
        }
        page.AppendLine();
        foreach (var (name, folder, run) in sections)
        {
            page.AppendLine($"## {name}").AppendLine();
            if (runs.Count > 1)
                page.AppendLine($"*{run.Profile} profile, {run.Provenance}.*")
                    .AppendLine();
            if (run.Profile != ExperimentProfile.Default.Name)
                page.AppendLine($"> **Not the default profile.** The {run.Profile} profile's results " +
                                $"({run.ProfilePurpose}) show that the experiment runs and draws, not what the " +
                                "paper's claims come to here. `./correctnet reproduce` (default profile) writes the " +
                                "results to read.")
                    .AppendLine();
            foreach (var entry in ArtifactIndex.Read(folder))
            {
                string link = $"{SectionsFolder}/{name}/{Uri.EscapeDataString(entry.File)}";
                if (entry.Kind == ArtifactKind.Figure)
                    page.AppendLine(entry.File.EndsWith(".png", StringComparison.Ordinal)
                        ? $"![{entry.Name}]({link})"
                        : $"[{entry.Name}]({link}) (interactive HTML; no image was rendered)");
                else
                    AppendTable(page, entry.Name, link,
                        DataFrame.LoadCsv(Path.Combine(folder, entry.File), cultureInfo: CultureInfo.InvariantCulture));
                page.AppendLine();
            }
        }
        string path = Path.Combine(gallery, PageName);
        AtomicFile.WriteAllText(path, page.ToString());
        return path;
    }

    /// <summary>The sections of a gallery by notebook name; a folder without a section record is none.</summary>
    private static List<(string Name, string Folder, GallerySection Run)> Sections(string gallery)
    {
        string root = Path.Combine(gallery, SectionsFolder);
        if (!Directory.Exists(root)) return [];
        return [.. Directory.GetDirectories(root)
            .Where(folder => File.Exists(Path.Combine(folder, GallerySection.FileName)))
            .Select(folder => (Name: Path.GetFileName(folder), Folder: folder, Run: GallerySection.Read(folder)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)];
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
