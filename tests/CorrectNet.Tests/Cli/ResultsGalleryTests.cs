using CorrectNet.Cli;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Cli;

/// <summary>The results page (gallery/results.md) that `reproduce` writes.</summary>
public sealed class ResultsGalleryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gallery-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A table with no rows (a section with nothing to show under a profile, e.g. BatchNorm calibration on
    /// LeNet-5 alone) says so instead of writing a broken Markdown table; a table with rows is written whole.</summary>
    [Fact]
    public void AnEmptyTableSaysSoAndAFullOneIsATable()
    {
        string notebook = Path.Combine(_folder, "07-x");
        Directory.CreateDirectory(notebook);
        File.WriteAllText(Path.Combine(notebook, "empty.csv"), "network,sigma\n"); // a header, no rows
        File.WriteAllText(Path.Combine(notebook, "full.csv"), "a,b\n1,x\n2,y\n");
        var index = ArtifactIndex.For(notebook);
        index.Add(new ArtifactEntry(ArtifactKind.Table, "empty", "empty.csv"));
        index.Add(new ArtifactEntry(ArtifactKind.Table, "full", "full.csv"));

        string page = File.ReadAllText(ResultsGallery.Write(_folder, ["07-x"], ExperimentProfile.Quick));

        Assert.Contains("**empty** ([CSV](results/07-x/empty.csv))\n\n(No rows in this run.)\n", page,
            StringComparison.Ordinal);
        Assert.Contains("| a | b |\n|---|---|\n| 1 | x |\n| 2 | y |\n", page, StringComparison.Ordinal);
    }

    private string Notebook(string output, string name, string csv)
    {
        string folder = Path.Combine(output, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "t.csv"), csv);
        ArtifactIndex.For(folder).Add(new ArtifactEntry(ArtifactKind.Table, "t", "t.csv"));
        return folder;
    }

    /// <summary>A run replaces the sections of the notebooks it ran and keeps the others; a page of several runs
    /// names each section's profile, and only a section of a profile other than the default has the banner.</summary>
    [Fact]
    public void APageGathersSectionsOfSeveralRunsEachNamingItsOwn()
    {
        Notebook(_folder, "00-a", "v\n1\n");
        ResultsGallery.Write(_folder, ["00-a"], ExperimentProfile.Quick);
        Notebook(_folder, "07-x", "v\n2\n");
        string page = File.ReadAllText(ResultsGallery.Write(_folder, ["07-x"], ExperimentProfile.Default));

        Assert.Contains("## 00-a", page, StringComparison.Ordinal);
        Assert.Contains("## 07-x", page, StringComparison.Ordinal);
        Assert.Contains("more than one run", page, StringComparison.Ordinal);
        string quick = page[page.IndexOf("## 00-a", StringComparison.Ordinal)..page.IndexOf("## 07-x",
            StringComparison.Ordinal)];
        string full = page[page.IndexOf("## 07-x", StringComparison.Ordinal)..];
        Assert.Contains("*quick profile", quick, StringComparison.Ordinal);
        Assert.Contains("Not the default profile", quick, StringComparison.Ordinal);
        Assert.Contains("*default profile", full, StringComparison.Ordinal);
        Assert.DoesNotContain("Not the default profile", full, StringComparison.Ordinal);
        Assert.Contains("| 1 |", quick, StringComparison.Ordinal);
        Assert.Contains("| 2 |", full, StringComparison.Ordinal);

        // Run again at the default profile: 00-a's section is replaced, 07-x's kept; one run left, no banner.
        Notebook(_folder, "00-a", "v\n3\n");
        page = File.ReadAllText(ResultsGallery.Write(_folder, ["00-a"], ExperimentProfile.Default));
        Assert.Contains("| 3 |", page, StringComparison.Ordinal);
        Assert.DoesNotContain("| 1 |", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Not the default profile", page, StringComparison.Ordinal);
        Assert.DoesNotContain("more than one run", page, StringComparison.Ordinal);
    }

    /// <summary>`correctnet gallery`: the sections of a run's page replace the same notebooks' sections of another
    /// page, whose other sections stay; a folder without sections is refused with its path.</summary>
    [Fact]
    public void UpdateCopiesARunsSectionsAndKeepsTheRest()
    {
        string run = Path.Combine(_folder, "run");
        string docs = Path.Combine(_folder, "docs");
        Notebook(run, "00-a", "v\n1\n");
        Notebook(run, "07-x", "v\n2\n");
        ResultsGallery.Write(run, ["00-a", "07-x"], ExperimentProfile.Quick);
        ResultsGallery.Update(Path.Combine(run, "gallery"), docs);
        string later = Path.Combine(_folder, "later");
        Notebook(later, "07-x", "v\n5\n");
        ResultsGallery.Write(later, ["07-x"], ExperimentProfile.Default);

        var (page, copied) = ResultsGallery.Update(Path.Combine(later, "gallery"), docs);

        Assert.Equal(["07-x"], copied);
        string text = File.ReadAllText(page);
        Assert.Contains("| 1 |", text, StringComparison.Ordinal);
        Assert.Contains("| 5 |", text, StringComparison.Ordinal);
        Assert.DoesNotContain("| 2 |", text, StringComparison.Ordinal);
        // The page's own folder as the source: nothing is copied or lost, the page is rendered again.
        var (again, none) = ResultsGallery.Update(docs, docs);
        Assert.Empty(none);
        Assert.Equal(text, File.ReadAllText(again));
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        var e = Assert.Throws<InvalidDataException>(() => ResultsGallery.Update(empty, docs));
        Assert.Contains(empty, e.Message, StringComparison.Ordinal);
    }
}
