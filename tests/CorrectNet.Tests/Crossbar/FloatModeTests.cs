using CorrectNet.Crossbar;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// The paper's float model (docs/method.md F8, F9): w' = w · e^θ, θ ~ N(0, σ²) per weight, fixed per chip.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class FloatModeTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void LogOfEffectiveOverTrainedWeightHasMeanZeroAndStdSigma(double sigma)
    {
        using var net = SingleLinear(seed: 3, inFeatures: 128, outFeatures: 128);
        using var trained = WeightOf(net, "fc");
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(sigma), [1, 1, 128]);
        analog.UseChip(new Chip(Seed: 11, Index: 0));
        using var effective = WeightOf(net, "fc");

        var logRatio = ToDoubles((effective / trained).log());
        int n = logRatio.Length; // 16384 weights, none exactly 0
        double mean = Mean(logRatio), std = Math.Sqrt(Variance(logRatio));
        // Standard errors for n i.i.d. N(0, σ²) draws: SE(mean) = σ/√n, SE(std) ≈ σ/√(2(n−1)); tolerance 4 SE.
        double meanTolerance = 4 * sigma / Math.Sqrt(n);
        double stdTolerance = 4 * sigma / Math.Sqrt(2.0 * (n - 1));
        Assert.True(Math.Abs(mean) < meanTolerance, $"mean log(w'/w) = {mean}, tolerance {meanTolerance}");
        Assert.True(Math.Abs(std - sigma) < stdTolerance,
            $"std log(w'/w) = {std}, σ = {sigma}, tolerance {stdTolerance}");
    }

    [Fact]
    public void EffectiveWeightIsTrainedWeightTimesExpOfTheChipsDeviceStream()
    {
        // θ of layer l of chip (s, k) is σ · N(0, 1) drawn from chip.Generator(l, Devices) in the weight's (out, rows)
        // order (docs/method.md F8/F35): an independent re-draw must give the same w · e^θ.
        const double sigma = 0.4;
        using var net = SmallConvNet(seed: 5);
        using var trainedConv = WeightOf(net, "conv");
        using var trainedFc = WeightOf(net, "fc");
        var chip = new Chip(Seed: 21, Index: 7);
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(sigma), [3, 6, 6]);
        analog.UseChip(chip);

        foreach (var (name, trained, index) in new[] { ("conv", trainedConv, 0), ("fc", trainedFc, 1) })
        {
            using var generator = chip.Generator(index, ChipStream.Devices);
            using var theta =
                randn([1, 1, trained.shape[0], trained.numel() / trained.shape[0]], generator: generator) * sigma;
            using var expected = trained * theta.exp().reshape(trained.shape);
            using var actual = WeightOf(net, name);
            using var relative = ((actual - expected).abs() / expected.abs()).max();
            Assert.True(relative.item<float>() < 1e-6,
                $"{name}: max relative |w' − w·e^θ| / |w·e^θ| = {relative.item<float>()}");
        }
    }

    [Fact]
    public void StuckAtFaultsHitTheirRates()
    {
        // Float model: stuck-off devices read 0 (w' = 0), stuck-on devices the top level (|w'| = max|W|).
        const double off = 0.1, on = 0.05;
        using var net = SingleLinear(seed: 19, inFeatures: 128, outFeatures: 128);
        using var trained = WeightOf(net, "fc");
        float maxAbs = trained.abs().max().item<float>();
        var config = new CrossbarConfig { Variation = new DeviceVariation { StuckOffRate = off, StuckOnRate = on } };
        using var analog = AnalogConversion.ToAnalog(net, config, [1, 1, 128]);
        analog.UseChip(new Chip(3, 0));
        var w = ToDoubles(WeightOf(net, "fc"));
        int n = w.Length;
        double stuckOff = w.Count(x => x == 0) / (double)n;
        double stuckOn = w.Count(x => Math.Abs(x) == maxAbs) / (double)n;
        // Binomial: SE = √(p(1 − p)/n); tolerance 4 SE (plus 1/n for the one weight that is max|W| already).
        Assert.True(Math.Abs(stuckOff - off) < 4 * Math.Sqrt(off * (1 - off) / n),
            $"stuck-off share {stuckOff}, rate {off}");
        Assert.True(Math.Abs(stuckOn - on) < 4 * Math.Sqrt(on * (1 - on) / n) + 1.0 / n,
            $"stuck-on share {stuckOn}, rate {on}");
    }

    [Fact]
    public void SigmaZeroAndIdealReproduceTheDigitalModelBitForBit()
    {
        using var net = SmallConvNet(seed: 9);
        using var generator = new Generator(4);
        using var images = randn([8, 3, 6, 6], generator: generator);
        using var digital = net.call(images).detach().clone();
        using var trainedConv = WeightOf(net, "conv");

        using (var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0), [3, 6, 6]))
        {
            analog.UseChip(new Chip(1, 0));
            using var onChip = net.call(images).detach().clone();
            Assert.True(BitIdentical(onChip, digital), $"σ = 0 chip: max |Δy| = {MaxAbsDiff(onChip, digital)}");
            using var w = WeightOf(net, "conv");
            Assert.True(BitIdentical(w, trainedConv), $"σ = 0 chip: max |Δw| = {MaxAbsDiff(w, trainedConv)}");
        }
        using (AnalogConversion.ToAnalog(net, CrossbarConfig.Ideal, [3, 6, 6]))
        {
            using var ideal = net.call(images).detach().clone();
            Assert.True(BitIdentical(ideal, digital), $"Ideal: max |Δy| = {MaxAbsDiff(ideal, digital)}");
        }
    }
}
