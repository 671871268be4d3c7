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
}
