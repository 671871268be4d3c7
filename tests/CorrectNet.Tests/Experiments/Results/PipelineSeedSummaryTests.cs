using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Results;
using CorrectNet.Notebooks;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments.Results;

/// <summary>The seed table of docs/method.md F37 "Seeds": seed means and spread, claims on seed means, records that
/// do not average refused, and the record files.</summary>
public sealed class PipelineSeedSummaryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A LeNet-5 record: every method on two chips of seed 3 at <paramref name="pipeline"/>, except
    /// variation-aware at <paramref name="variationAware"/> and plain at 0.2; clean 0.9.</summary>
    private static PipelineSeedRecord Record(long seed, double pipeline, double variationAware = 0.5,
        int chips = 2, double sigma = 1.0) => new(
        "lenet5", "fashion-mnist", "default", seed, sigma, 0.9, "enhanced + variation-aware", [],
        [.. PipelineMethods.All.Select(m => new PipelineSeedMethod(m, "reference", 3, [.. Enumerable.Repeat(
            m == PipelineMethods.Pipeline ? pipeline : m == PipelineMethods.VariationAware ? variationAware
            : m == PipelineMethods.Plain ? 0.2 : 0.4, chips)]))],
        0, 0, 10, 2, "0.1.0", "abc");

    [Fact]
    public void SeedMeansAndSpreadAreThoseOfTheSeedsMeans()
    {
        var summary = PipelineSeedSummary.Of([Record(3, 0.70), Record(1, 0.60), Record(2, 0.65)]);

        var pipeline = summary["lenet5", "fashion-mnist", PipelineMethods.Pipeline];
        Assert.Equal([1L, 2, 3], pipeline.TrainingSeeds);
        Assert.Equal(0.65, pipeline.Mean, 12);
        Assert.Equal(0.05, pipeline.Std, 12); // sample std of 0.60, 0.65, 0.70
        Assert.Equal((0.60, 0.70), (pipeline.Min, pipeline.Max));
        Assert.Equal(0.9, summary["lenet5", "fashion-mnist", PipelineSeedSummary.Clean].Mean, 12);
        Assert.Equal(0.65 / 0.9, summary.RecoveryRatio("lenet5", "fashion-mnist"), 12);
        Assert.Empty(summary.AheadOfPipeline("lenet5", "fashion-mnist"));
        Assert.Equal(1 + PipelineMethods.All.Count, summary.Rows.Count); // clean, then every method

        var behind = PipelineSeedSummary.Of([Record(1, 0.50, variationAware: 0.6), Record(2, 0.50)]);
        var ahead = Assert.Single(behind.AheadOfPipeline("lenet5", "fashion-mnist"));
        Assert.Equal(PipelineMethods.VariationAware, ahead.Method);
        Assert.Equal(0.05, ahead.Ahead, 12); // seed means 0.55 against 0.50
    }

    [Fact]
    public void SeedsOnOtherChipsOrSigmaOrTwiceTheSameSeedAreRefused()
    {
        Assert.Throws<InvalidDataException>(() => PipelineSeedSummary.Of([Record(1, 0.6), Record(2, 0.6, chips: 3)]));
        Assert.Throws<InvalidDataException>(() => PipelineSeedSummary.Of([Record(1, 0.6), Record(2, 0.6,
            sigma: 0.7)]));
        Assert.Throws<InvalidDataException>(() => PipelineSeedSummary.Of([Record(1, 0.6), Record(1, 0.7)]));
    }

    [Fact]
    public void RecordsRoundTripThroughTheirFolderAndAMisplacedOneIsNamed()
    {
        var cache = new ResultCache(_folder.Path);
        Assert.Empty(PipelineSeedRecords.Load(cache, "default"));
        string path = PipelineSeedRecords.Save(cache, Record(2, 0.6));
        PipelineSeedRecords.Save(cache, Record(1, 0.7));
        Assert.EndsWith(Path.Combine("pipeline-seeds", "default", "lenet5_fashion-mnist_s2.json"), path);

        var loaded = PipelineSeedRecords.Load(cache, "default");
        Assert.Equal([1L, 2], loaded.Select(r => r.TrainingSeed));
        Assert.Equal(Record(2, 0.6).Methods.Select(m => m.Chips.ToArray()),
            loaded[1].Methods.Select(m => m.Chips.ToArray()));
        Assert.Empty(PipelineSeedRecords.Load(cache, "quick")); // another profile's folder

        File.Copy(path, Path.Combine(Path.GetDirectoryName(path)!, "lenet5_fashion-mnist_s9.json"));
        var e = Assert.Throws<InvalidDataException>(() => PipelineSeedRecords.Load(cache, "default"));
        Assert.Contains("lenet5_fashion-mnist_s9.json", e.Message);
    }

    [Fact]
    public void TheReadingJudgesSeedMeansAndSaysHowToAddMissingSeeds()
    {
        var records = new[] { Record(1, 0.60), Record(2, 0.70) };
        var lines = SeedReading.Lines(PipelineSeedSummary.Of(records), records, "default");
        Assert.Equal("LeNet-5 / fashion-mnist at σ = 1.0, 2 training seed(s) (1, 2): the pipeline's seed mean 65.0% " +
                     "(seeds 60.0%–70.0%) of the clean 90.0% = 72.2% (misses C3's 95%), at least every baseline's.",
            lines[0]);
        Assert.Contains("--networks lenet5/fashion-mnist --seeds 3", lines[1]);
        Assert.Equal(2, lines.Count);

        var three = new[] { Record(1, 0.60), Record(2, 0.70), Record(3, 0.65) with { Commit = "def" } };
        var more = SeedReading.Lines(PipelineSeedSummary.Of(three), three, "default");
        Assert.DoesNotContain(more, l => l.Contains("--seeds"));
        Assert.Contains(more, l => l.Contains("different commits (abc, def)"));
    }
}
