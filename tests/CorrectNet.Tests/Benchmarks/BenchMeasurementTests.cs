using CorrectNet.Benchmarks;
using CorrectNet.Models;
using CorrectNet.Tests.Crossbar;
using TorchSharp;

namespace CorrectNet.Tests.Benchmarks;

/// <summary>
/// Tiny measurements return what was asked for: as many passes as repetitions, finite positive times, the model's
/// size. Timings are never compared with a limit here: that is `correctnet bench`'s job, on a quiet machine.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class BenchMeasurementTests
{
    private static readonly BenchSettings Tiny = new(
        Images: 3, Repeats: 2, CrossbarRepeats: 1, MatrixRepeats: 3, VggWidth: 0.0625, Sigma: 0.5, Seed: 4,
        CalibrationImages: 2, Quick: true, Device: torch.CPU, MatrixSize: 32);

    private static void AssertTimed(IEnumerable<BenchPass> passes)
    {
        foreach (var p in passes)
        {
            Assert.True(double.IsFinite(p.Ms) && p.Ms > 0, $"{p.Ms} ms");
            Assert.True(p.Faults >= 0, $"{p.Faults} faults"); // a difference of a counter that only grows
        }
    }

    [Fact]
    public void ModelMeasurementHasTheRepetitionsAsked()
    {
        var spec = SimulatorBench.VggSpec(Tiny.VggWidth);
        var lines = new List<string>();
        var t = SimulatorBench.MeasureModel(Tiny, spec, repeats: 3, crossbarRepeats: 2, lines.Add);

        Assert.Equal("vgg16 ×0.0625", t.Model);
        Assert.Equal(3, t.Clean.Length);
        Assert.Equal(3, t.FloatUseChip.Length);
        Assert.Equal(3, t.FloatForward.Length);
        Assert.Equal(2, t.CrossbarUseChip.Length);
        Assert.Equal(2, t.CrossbarForward.Length);
        Assert.Equal(3, t.FloatReferenceChip!.Length);
        Assert.Equal(2, t.CrossbarReferenceChip!.Length);
        AssertTimed([.. t.FloatReferenceChip, .. t.CrossbarReferenceChip]);
        Assert.True(double.IsFinite(t.FloatSpeedup) && t.FloatSpeedup > 0, $"{t.FloatSpeedup}");
        Assert.True(double.IsFinite(t.CrossbarSpeedup) && t.CrossbarSpeedup > 0, $"{t.CrossbarSpeedup}");
        AssertTimed([.. t.Clean, .. t.FloatChip, .. t.CrossbarChip, t.Calibration]);
        using (var model = ModelZoo.Create(spec))
            Assert.Equal(ModelSummary.TotalMacs(model, [3, 32, 32]), t.MacsPerImage);
        Assert.True(t.Slices >= 1);
        foreach (double ratio in new[] { t.FloatRatio, t.CrossbarRatio, t.FloatChipGflops(Tiny.Images) })
            Assert.True(double.IsFinite(ratio) && ratio > 0, $"{ratio}");
        // One line each: build, calibration, warm-up and every repetition.
        Assert.Equal(3 + 3, lines.Count);
        Assert.Contains("repetition 3/3", lines[^1]);
    }

    [Fact]
    public void MatrixMultiplyRateIsFiniteAtTheSizeAsked()
    {
        var mm = SimulatorBench.MeasureMatrixMultiply(Tiny);
        Assert.Equal(32, mm.Size);
        Assert.True(double.IsFinite(mm.Ms) && mm.Ms > 0, $"{mm.Ms} ms");
        Assert.True(double.IsFinite(mm.Gflops) && mm.Gflops > 0, $"{mm.Gflops} GFLOP/s");
    }

    [Fact]
    public void MemoryLoopReadsTheResidentSetAtBothCheckpoints()
    {
        var m = SimulatorBench.MeasureMemory(Tiny with { Images = 1 });
        Assert.True(m.StartBytes > 0 && m.Chip10Bytes > 0 && m.Chip100Bytes > 0, $"{m}");
        Assert.True(double.IsFinite(m.Growth), $"{m}");
    }

    [Fact]
    public void PenaltyStepsAreTimedAndTheirRatioIsPerRepetition()
    {
        var spec = PenaltyBench.Specs(0.0625)[0];
        var r = PenaltyBench.Measure(spec, batch: 2, repeats: 1, seed: 3, torch.CPU);
        Assert.Equal("lenet5", r.Model);
        Assert.True(double.IsFinite(r.PlainMs) && r.PlainMs > 0, $"{r.PlainMs} ms");
        Assert.True(double.IsFinite(r.PenaltyMs) && r.PenaltyMs > 0, $"{r.PenaltyMs} ms");
        // One repetition: the median of one ratio is that ratio.
        Assert.Equal(r.PenaltyMs / r.PlainMs, r.Ratio, 12);
        Assert.Equal(["lenet5", "vgg16"], PenaltyBench.Specs(0.5).Select(s => s.Name));
        Assert.Equal(0.5, PenaltyBench.Specs(0.5)[1].WidthMultiplier);
    }

    [Fact]
    public void TrainingBenchTrainsWhatThePlainLoopTrains()
    {
        var spec = TrainingBench.Specs(0.0625)[0];
        var lines = new List<string>();
        var r = TrainingBench.Measure(spec, steps: 2, repeats: 1, seed: 3, torch.CPU, log: lines.Add);

        Assert.Equal("lenet5", r.Model);
        Assert.Equal((2, 128), (r.Steps, r.Batch));
        Assert.True(double.IsFinite(r.PlainMsPerStep) && r.PlainMsPerStep > 0, $"{r.PlainMsPerStep} ms");
        Assert.True(double.IsFinite(r.KitMsPerStep) && r.KitMsPerStep > 0, $"{r.KitMsPerStep} ms");
        // One repetition: the median of one ratio is that ratio.
        Assert.Equal(r.PlainMsPerStep / r.KitMsPerStep, r.Speedup, 12);
        // Same initial weights, data order and recipe: the kit's Trainer computes the plain loop's training exactly.
        Assert.Equal(0.0, r.MaxWeightDifference);
        Assert.Equal(2, lines.Count); // warm-up, repetition 1
        Assert.Equal(["lenet5", "vgg16"], TrainingBench.Specs(0.5).Select(s => s.Name));
        Assert.Equal(0.5, TrainingBench.Specs(0.5)[1].WidthMultiplier);
    }
}
