using System.Diagnostics;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Sweeps;
using CorrectNet.Tests.Data;
using CorrectNet.Tests.Training;
using Xunit.Abstractions;

namespace CorrectNet.Tests.Experiments.Sweeps;

/// <summary>A real sweep (training, Monte-Carlo) on a tiny grid: 1 shard and 2 shards, each with its own cache, give
/// the same table.</summary>
public sealed class SweepEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TwoShardsMergedEqualOneShardNumberForNumber()
    {
        var grid = new SweepGrid
        {
            Models = ["mlp"],
            Datasets = ["fashion-mnist"],
            Methods = [SuppressionMethods.Plain, SuppressionMethods.Parseval],
            Seeds = [1, 2],
            Sigmas = [0, 0.5],
            Profile = "quick",
            Epochs = 1,
            MaxTrain = 512,
            MaxTest = 256,
            Chips = 2,
        };
        string dataRoot = TestDataFiles.RepositoryDataFolder();

        var clock = Stopwatch.StartNew();
        string whole;
        using (var evaluator = new TrainingCellEvaluator(
            new ExperimentContext(new ResultCache(_folder.File("cache-whole"))),
            dataRoot: dataRoot))
            whole = SweepRunner.Run(grid, _folder.File("whole"), SweepShard.All, evaluator).ResultsCsv;
        double oneShard = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var shards = new[] { _folder.File("shard0"), _folder.File("shard1") };
        for (int i = 0; i < 2; i++)
        {
            // Each shard as on its own machine: its own cache, so every model is trained again.
            using var evaluator = new TrainingCellEvaluator(
                new ExperimentContext(new ResultCache(_folder.File($"cache{i}"))), dataRoot: dataRoot);
            var summary = SweepRunner.Run(grid, shards[i], new SweepShard(i, 2), evaluator);
            Assert.Equal((2, 0), (summary.Computed, summary.Skipped));
        }
        var merged = SweepMerge.Merge(shards);
        double twoShards = clock.Elapsed.TotalSeconds;
        output.WriteLine($"1 shard {oneShard:F1} s, 2 shards + merge {twoShards:F1} s");

        Assert.Empty(merged.Missing);
        string table = SweepTable.ToCsv(merged.Rows);
        output.WriteLine(table);
        Assert.Equal(File.ReadAllText(whole), table);
        Assert.All(merged.Cells, c => Assert.False(c.Training!.FromCache));
        // Provenance for merging shards from different machines: the thread counts of training and evaluation.
        int threads = TorchSharp.torch.get_num_threads();
        Assert.All(merged.Cells, c =>
        {
            Assert.Equal(threads, c.Threads);
            Assert.Equal([threads], c.Training!.Threads!);
        });
        Assert.Equal(1 + 4 * 2, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(merged.Rows.Where(r => r.Sigma == 0.5), r => Assert.Equal(2, r.Chips));
        Assert.NotEqual(merged.Rows[1].ChipSeed, merged.Rows[3].ChipSeed); // seed 1 and seed 2 draw their own chips
    }
}
