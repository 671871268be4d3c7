using CorrectNet.Experiments.Sweeps;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments.Sweeps;

public sealed class SweepRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SweepGrid Grid => SweepGridTests.Small;

    [Fact]
    public void EveryCellWritesItsJsonAndCsvAndTheFolderTableFollowsCanonicalOrder()
    {
        string output = _folder.File("one");
        var fake = new FakeCellEvaluator();
        var events = new List<SweepProgress>();
        var summary = SweepRunner.Run(Grid, output, SweepShard.All, fake, "grid.json",
            progress: new SynchronousProgress<SweepProgress>(events.Add));

        Assert.Equal((16, 16, 16, 0, 16), (summary.GridCells, summary.ShardCells, summary.Computed, summary.Skipped,
            summary.FinishedInFolder));
        Assert.Equal(Grid.Cells().Select(c => c.Id), fake.Evaluated);
        Assert.Equal(16, events.Count(e => e.State == SweepCellState.Finished));
        foreach (var cell in Grid.Cells())
        {
            var record = SweepMerge.ReadCell(SweepRunner.CellPath(output, cell, ".json"));
            Assert.Empty(JsonFormat.Differences(cell, record.Cell));
            Assert.Empty(JsonFormat.Differences(Grid, record.Grid));
            Assert.Equal(CorrectNetInfo.Version, record.LibraryVersion);
            Assert.Equal(CorrectNetInfo.GitCommit, record.GitCommit);
            Assert.Equal(Path.GetFullPath("grid.json"), record.GridFile);
            Assert.Equal("0/1", record.Shard);
            Assert.True(record.FinishedUtc >= record.StartedUtc);
            Assert.Equal(SweepTable.ToCsv(record.Rows()), File.ReadAllText(SweepRunner.CellPath(output, cell, ".csv")));
        }
        string[] lines = File.ReadAllLines(summary.ResultsCsv);
        Assert.Equal(1 + 16 * 2, lines.Length);
        Assert.Equal(string.Join(',', SweepTable.Columns), lines[0]);
        Assert.StartsWith("0,lenet5_fashion-mnist_plain_s1,lenet5,fashion-mnist,plain,1,0,lognormal,3,", lines[1]);
        Assert.StartsWith("15,mlp_mnist_enhanced-variation-aware_s2,", lines[^1]);
        Assert.DoesNotContain(Directory.EnumerateFiles(output, "*.tmp", SearchOption.AllDirectories), _ => true);
    }

    [Fact]
    public void AKilledSweepResumesAtItsFirstUnfinishedCell()
    {
        string output = _folder.File("resume");
        var cells = Grid.Cells();
        var killed = new FakeCellEvaluator { FailOn = cells[5].Id };
        Assert.Throws<OperationCanceledException>(() => SweepRunner.Run(Grid, output, SweepShard.All, killed));
        Assert.Equal(cells.Take(5).Select(c => c.Id), killed.Evaluated);
        Assert.False(File.Exists(SweepRunner.CellPath(output, cells[5], ".json")));

        var resumed = new FakeCellEvaluator();
        var summary = SweepRunner.Run(Grid, output, SweepShard.All, resumed);
        Assert.Equal(cells.Skip(5).Select(c => c.Id), resumed.Evaluated);
        Assert.Equal((11, 5), (summary.Computed, summary.Skipped));

        var again = new FakeCellEvaluator();
        Assert.Equal(16, SweepRunner.Run(Grid, output, SweepShard.All, again).Skipped);
        Assert.Empty(again.Evaluated);
        Assert.Equal(File.ReadAllText(summary.ResultsCsv), File.ReadAllText(SweepRunner.Run(Grid,
            _folder.File("fresh"), SweepShard.All, new FakeCellEvaluator()).ResultsCsv));
    }

    [Fact]
    public void AFinishedCellWithOtherSettingsIsAnErrorNamingItsFile()
    {
        string output = _folder.File("changed");
        SweepRunner.Run(Grid, output, SweepShard.All, new FakeCellEvaluator());
        var error = Assert.Throws<InvalidDataException>(() => SweepRunner.Run(Grid with { Chips = 4 }, output,
            SweepShard.All, new FakeCellEvaluator()));
        Assert.Contains(SweepRunner.CellPath(output, Grid.Cells()[0], ".json"), error.Message);
        Assert.Contains("chips: 3 → 4", error.Message);
    }

    [Fact]
    public void AnEditedGridKeepsFinishedCellsAndRenumbersThem()
    {
        string output = _folder.File("edited");
        SweepRunner.Run(Grid with { Models = ["mlp"] }, output, SweepShard.All, new FakeCellEvaluator());
        var fake = new FakeCellEvaluator();
        var summary = SweepRunner.Run(Grid, output, SweepShard.All, fake);
        Assert.Equal((8, 8), (summary.Computed, summary.Skipped));
        Assert.All(fake.Evaluated, id => Assert.StartsWith("lenet5_", id));
        var merged = SweepMerge.Merge([output]);
        Assert.Empty(merged.Missing);
        Assert.Equal(Enumerable.Range(0, 16), merged.Cells.Select(c => c.Cell.Index));
        Assert.Equal(File.ReadAllText(summary.ResultsCsv), SweepTable.ToCsv(merged.Rows));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ShardsMergedEqualTheWholeGridRunAtOnce(int n)
    {
        string whole = SweepRunner.Run(Grid, _folder.File("whole"), SweepShard.All, new FakeCellEvaluator()).ResultsCsv;
        var folders = Enumerable.Range(0, n).Select(i => _folder.File($"shard{i}")).ToArray();
        for (int i = n - 1; i >= 0; i--) // any order
        {
            var fake = new FakeCellEvaluator();
            var summary = SweepRunner.Run(Grid, folders[i], new SweepShard(i, n), fake);
            Assert.All(Grid.Cells().Where(c => fake.Evaluated.Contains(c.Id)), c => Assert.Equal(i, c.Index % n));
            Assert.Equal(summary.ShardCells, fake.Evaluated.Count);
        }

        var merged = SweepMerge.Merge(folders.Reverse());
        Assert.Empty(merged.Missing);
        Assert.Equal(File.ReadAllText(whole), SweepTable.ToCsv(merged.Rows));
        Assert.Equal(File.ReadAllText(whole), SweepTable.ToCsv(SweepMerge.Merge([.. folders,
            _folder.File("whole")]).Rows)); // duplicates that agree
    }

    [Fact]
    public void MergeReportsMissingCellsAndRejectsConflictsAndForeignGrids()
    {
        string a = _folder.File("a"), b = _folder.File("b"), c = _folder.File("c");
        SweepRunner.Run(Grid, a, new SweepShard(0, 2), new FakeCellEvaluator());
        var partial = SweepMerge.Merge([a]);
        Assert.Equal(8, partial.Cells.Count);
        Assert.Equal(Grid.Cells().Where(x => x.Index % 2 == 1).Select(x => x.Id), partial.Missing.Select(x => x.Id));

        SweepRunner.Run(Grid, b, SweepShard.All, new FakeCellEvaluator { Offset = 1e-9 });
        var conflict = Assert.Throws<InvalidDataException>(() => SweepMerge.Merge([a, b]));
        // The first file of a (files are read in name order) is the first conflict.
        var first = Grid.Cells().Where(x => x.Index % 2 == 0).OrderBy(x => x.Id, StringComparer.Ordinal).First();
        Assert.Contains(SweepRunner.CellPath(a, first, ".json"), conflict.Message);
        Assert.Contains(SweepRunner.CellPath(b, first, ".json"), conflict.Message);

        SweepRunner.Run(Grid with { Sigmas = [1.0] }, c, SweepShard.All, new FakeCellEvaluator());
        var foreign = Assert.Throws<InvalidDataException>(() => SweepMerge.Merge([a, c]));
        Assert.Contains("different grids", foreign.Message);
        Assert.Contains("sigmas", foreign.Message);

        var againstGrid = SweepMerge.Merge([a, c], Grid with { Models = ["lenet5"], Sigmas = [1.0] });
        Assert.Equal(8, againstGrid.Cells.Count); // c's lenet5 cells
        Assert.Equal(8 + 8, againstGrid.Ignored.Count); // all of a (mlp, or lenet5 at other σ) and c's mlp cells
    }

    [Fact]
    public void MergeOfAMissingFolderNamesIt()
    {
        string nowhere = _folder.File("nowhere");
        Assert.Contains(nowhere, Assert.Throws<DirectoryNotFoundException>(() => SweepMerge.Merge([nowhere])).Message);
    }
}
