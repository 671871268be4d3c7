using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

public sealed class ArtifactIndexTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("artifact-index-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EntriesKeepTheOrderShownAndAReshownNameReplacesItsEntryInPlace()
    {
        var index = ArtifactIndex.For(_folder);
        index.Add(new ArtifactEntry(ArtifactKind.Figure, "curve", "curve.png"));
        index.Add(new ArtifactEntry(ArtifactKind.Table, "curve", "curve.csv"));
        index.Add(new ArtifactEntry(ArtifactKind.Figure, "bars", "bars.png"));
        index.Add(new ArtifactEntry(ArtifactKind.Figure, "curve", "curve.html"));
        Assert.Equal(
            [new(ArtifactKind.Figure, "curve", "curve.html"), new(ArtifactKind.Table, "curve", "curve.csv"),
             new(ArtifactKind.Figure, "bars", "bars.png")],
            ArtifactIndex.Read(_folder));
    }

    [Fact]
    public void AFolderWithoutIndexHasNoEntries() => Assert.Empty(ArtifactIndex.Read(_folder));
}
