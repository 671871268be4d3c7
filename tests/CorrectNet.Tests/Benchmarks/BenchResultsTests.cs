using CorrectNet.Benchmarks;
using TorchSharp;

namespace CorrectNet.Tests.Benchmarks;

/// <summary>What the bench computes from timings it is given: medians, ratios, rates and the target checks.</summary>
public sealed class BenchResultsTests
{
    private static BenchPass[] Passes(params double[] ms) => [.. ms.Select((m, i) => new BenchPass(m, i))];

    private static ModelTimings Timings(
        double[] clean, double[] floatUse, double[] floatForward, double[] crossbarUse, double[] crossbarForward,
        int slices = 4, long macs = 1_000_000) =>
        new("net", macs, slices, new BenchPass(7, 3), Passes(clean), Passes(floatUse), Passes(floatForward),
            Passes(crossbarUse), Passes(crossbarForward));

    private static BenchSettings Settings(int images = 10) =>
        new(images, Repeats: 1, CrossbarRepeats: 1, MatrixRepeats: 1, VggWidth: 1, Sigma: 0.5, Seed: 1,
            CalibrationImages: 1, Quick: true, Device: torch.CPU);

    [Fact]
    public void MediansInterpolateAnEvenCountAndRoundFaultsDown()
    {
        Assert.Equal(2.0, BenchMedians.Of([3, 1, 2]));
        Assert.Equal(2.5, BenchMedians.Of([4, 1, 3, 2]));
        var passes = new[] { new BenchPass(1, 1), new BenchPass(4, 2), new BenchPass(2, 5), new BenchPass(3, 6) };
        Assert.Equal(new BenchPass(2.5, 3), BenchMedians.Pass(passes)); // faults: (2 + 5) / 2 = 3.5 → 3
        Assert.Throws<ArgumentException>(() => BenchMedians.Of([]));
    }

    [Fact]
    public void PassesAddTimeAndFaults() =>
        Assert.Equal(new BenchPass(3.5, 7), new BenchPass(1, 2) + new BenchPass(2.5, 5));

    [Fact]
    public void ChipRatiosAreMediansOfPerRepetitionRatios()
    {
        // Float chips 2+2, 3+3, 1+1 against clean 2, 3, 4: ratios 2, 2, 0.5 → median 2 (the ratio of the medians,
        // 4 / 3, would differ).
        var t = Timings(clean: [2, 3, 4], floatUse: [2, 3, 1], floatForward: [2, 3, 1],
            crossbarUse: [10, 6], crossbarForward: [2, 12]);

        Assert.Equal([4.0, 6.0, 2.0], t.FloatChip.Select(p => p.Ms));
        Assert.Equal([0L, 2L, 4L], t.FloatChip.Select(p => p.Faults));
        Assert.Equal(2.0, t.FloatRatio);
        // Crossbar chips 12 and 18 pair with the first two float chips 4 and 6: ratios 3 and 3.
        Assert.Equal([12.0, 18.0], t.CrossbarChip.Select(p => p.Ms));
        Assert.Equal(3.0, t.CrossbarRatio);
        Assert.Equal(12.0, t.CrossbarTarget); // 1.5 × 2 × 4 slices
    }

    [Fact]
    public void SpeedupsAreMediansOfPerRepetitionReferenceOverFastRatios()
    {
        // Fast float chips 4, 6, 2; reference 8, 6, 8: ratios 2, 1, 4 → median 2 (the ratio of the medians, 8 / 4,
        // happens to agree; the crossbar case below does not). Fast crossbar chips 12, 18; reference 24, 18: 2 and 1.
        var t = Timings(clean: [2, 3, 4], floatUse: [2, 3, 1], floatForward: [2, 3, 1],
            crossbarUse: [10, 6], crossbarForward: [2, 12]) with
        {
            FloatReferenceChip = Passes(8, 6, 8),
            CrossbarReferenceChip = Passes(24, 18),
        };
        Assert.Equal(2.0, t.FloatSpeedup);
        Assert.Equal(1.5, t.CrossbarSpeedup);
        var unmeasured = Timings(clean: [1], floatUse: [1], floatForward: [1], crossbarUse: [1], crossbarForward: [1]);
        Assert.True(double.IsNaN(unmeasured.FloatSpeedup) && double.IsNaN(unmeasured.CrossbarSpeedup));
    }

    [Fact]
    public void FloatChipRateCountsTwoFlopsPerMac()
    {
        // 1e6 MACs × 10 images × 2 FLOP in a median of 4 ms = 5 GFLOP/s.
        var t = Timings(clean: [1, 1, 1], floatUse: [1, 2, 3], floatForward: [1, 2, 3], crossbarUse: [1],
            crossbarForward: [1]);
        Assert.Equal(5.0, t.FloatChipGflops(10), 12);
        Assert.Equal(2.0, new MatrixMultiplyRate(1000, 1000).Gflops, 12); // 2·10⁹ FLOP in 1 s
    }

    [Fact]
    public void MemoryGrowthIsRelativeToTheFirstCheckpoint()
    {
        var m = new MemoryGrowth(StartBytes: 50, Chip10Bytes: 1000, Chip100Bytes: 1090);
        Assert.Equal(0.09, m.Growth, 12);
        Assert.Equal(1.0, m.BytesPerChip, 12); // 90 bytes over chips 10 → 100
    }

    [Theory]
    [InlineData(1.2, true, true)]
    [InlineData(1.2000001, true, false)]
    [InlineData(0.5, false, true)]
    [InlineData(0.4999999, false, false)]
    [InlineData(double.NaN, true, false)]
    [InlineData(double.NaN, false, false)]
    public void TargetChecksPassOnTheLimitAndNeverOnNaN(double measured, bool atMost, bool pass)
    {
        double limit = atMost ? BenchTargets.FloatRatioLimit : BenchTargets.ThroughputLimit;
        Assert.Equal(pass, new TargetCheck("m", measured, limit, atMost).Pass);
    }

    [Theory]
    [InlineData(1.5, true)]
    [InlineData(1.4999999, false)]
    [InlineData(double.NaN, false)]
    public void TrainingSpeedupIsCheckedAsAtLeastOneAndAHalf(double speedup, bool pass)
    {
        var check = BenchTargets.Training(new TrainingBenchResult("net", 3, 128, 15, 10, speedup, 0));
        Assert.Equal(("net", speedup, 1.5, false, pass), (check.Model, check.Measured, check.Limit, check.AtMost,
            check.Pass));
    }

    [Fact]
    public void ResultChecksEveryTargetInReportOrder()
    {
        // LeNet passes everything; VGG's float chip costs 3× the clean forward (fails ≤ 1.2) and its crossbar chip
        // 10× the float chip (passes ≤ 12).
        var lenet = Timings(clean: [10, 10], floatUse: [1, 1], floatForward: [10, 10], crossbarUse: [20, 20],
            crossbarForward: [20, 20]);
        var vgg = Timings(clean: [10], floatUse: [10], floatForward: [20], crossbarUse: [100], crossbarForward: [200],
            macs: 15_000_000);
        var result = new SimulatorBenchResult(Settings(images: 10), new MemoryGrowth(0, 1000, 1200),
            new MatrixMultiplyRate(1000, 1000), lenet, vgg);

        // VGG: 2 × 1.5e7 × 10 FLOP in 30 ms = 10 GFLOP/s, against torch.mm's 2 GFLOP/s.
        Assert.Equal(10.0, result.VggGflops, 9);
        Assert.Equal(5.0, result.ThroughputRatio, 9);
        Assert.Equal(
            [(1.1, true), (3.0, false), (5.0, true), (Math.Round(40.0 / 11, 9), true), (10.0, true), (0.2, false)],
            result.Checks.Select(c => (Math.Round(c.Measured, 9), c.Pass)));
        Assert.Equal(["net", "net", "net", "net", "net", SimulatorBench.MemoryModel],
            result.Checks.Select(c => c.Model));
        Assert.Equal(
            [BenchTargets.FloatRatioLimit, BenchTargets.FloatRatioLimit, BenchTargets.ThroughputLimit, 12, 12,
                BenchTargets.MemoryGrowthLimit],
            result.Checks.Select(c => c.Limit));
        Assert.False(result.AllPass);
        Assert.True((result with { Vgg = lenet, Memory = new MemoryGrowth(0, 1000, 1010) }).AllPass);
    }

    [Theory]
    [InlineData(0, 1, 1, 1.0, 0.5, 1)]
    [InlineData(1, 0, 1, 1.0, 0.5, 1)]
    [InlineData(1, 1, 0, 1.0, 0.5, 1)]
    [InlineData(1, 1, 1, 0.0, 0.5, 1)]
    [InlineData(1, 1, 1, double.NaN, 0.5, 1)]
    [InlineData(1, 1, 1, 1.0, -0.1, 1)]
    [InlineData(1, 1, 1, 1.0, 0.5, 0)]
    public void SettingsRejectWhatCannotBeMeasured(
        int images, int repeats, int crossbarRepeats, double width, double sigma, int calibration)
    {
        var settings = Settings() with
        {
            Images = images,
            Repeats = repeats,
            CrossbarRepeats = crossbarRepeats,
            VggWidth = width,
            Sigma = sigma,
            CalibrationImages = calibration,
        };
        Assert.Throws<ArgumentException>(settings.Validate);
    }
}
