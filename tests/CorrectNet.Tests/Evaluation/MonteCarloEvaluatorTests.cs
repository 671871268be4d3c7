using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Evaluation;

/// <summary>
/// Monte-Carlo accuracy over chips (docs/method.md F35, F36): reproducible per (seed, chip index), shardable.
/// </summary>
[Collection(CorrectNet.Tests.Crossbar.ModuleBuildingCollection.Name)]
public sealed class MonteCarloEvaluatorTests
{
    /// <summary>64 random images labelled by the digital model itself, so the clean accuracy is exactly 1.</summary>
    private static ImageDataset LabelledByModel(nn.Module<Tensor, Tensor> net)
    {
        using var generator = new Generator(77);
        using var images = rand([64, 3, 6, 6], generator: generator);
        using var labels = net.call(images).argmax(1);
        return ImageDataset.FromTensors("by-model", images, labels, 4, ["a", "b", "c", "d"], Normalization.Identity(3));
    }

    public static TheoryData<string> Presets => new() { "lognormal", "rram-noisy" };

    private static CrossbarConfig ConfigFor(string preset) => preset switch
    {
        "lognormal" => CrossbarConfig.Lognormal(0.6),
        _ => CrossbarConfig.Rram(0.3) with
        {
            Hardware = CrossbarConfig.Rram(0).Hardware with { Rows = 16, AdcBits = 6, AdcNoiseLsb = 0.5 },
        },
    };

    private static AnalogModel Analog(nn.Module<Tensor, Tensor> net, ImageDataset data, CrossbarConfig config) =>
        AnalogConversion.ToAnalog(net, config, [3, 6, 6], data.Images);

    [Theory]
    [MemberData(nameof(Presets))]
    public void ChipRangesShardAndRepeatExactly(string preset)
    {
        var config = ConfigFor(preset);
        using var net = SmallConvNet(seed: 30);
        using var data = LabelledByModel(net);
        using var analog = Analog(net, data, config);

        var all = MonteCarloEvaluator.Evaluate(analog, data, chips: 5, seed: 123, batchSize: 16);
        var again = MonteCarloEvaluator.Evaluate(analog, data, chips: 5, seed: 123, batchSize: 16);
        var shard = MonteCarloEvaluator.Evaluate(analog, data, chips: 2, seed: 123, firstChip: 3, batchSize: 16);

        Assert.Equal(all.ChipAccuracies, again.ChipAccuracies);
        Assert.Equal(all.ChipAccuracies.Skip(3), shard.ChipAccuracies);
        Assert.Equal(3, shard.FirstChip);
        Assert.Equal(123, shard.Seed);
        Assert.True(all.ChipAccuracies.Distinct().Count() > 1,
            $"all chips scored the same: {string.Join(", ", all.ChipAccuracies)}");

        // A shard on another model instance (another machine) gives the same chips. Same batch size: ADC noise is
        // drawn per conversion in batch order, so another batch partition reads the same chip with other noise.
        using var copy = SmallConvNet(seed: 30);
        using var copyAnalog = Analog(copy, data, config);
        var remote = MonteCarloEvaluator.Evaluate(copyAnalog, data, chips: 1, seed: 123, firstChip: 4, batchSize: 16);
        Assert.Equal(all.ChipAccuracies[4], remote.ChipAccuracies[0]);

        var otherSeed = MonteCarloEvaluator.Evaluate(analog, data, chips: 5, seed: 124, batchSize: 16);
        Assert.NotEqual(all.ChipAccuracies, otherSeed.ChipAccuracies);
    }

    [Fact]
    public void CleanAccuracyIsThatOfTheIdealDevicesAndTheModelIsLeftIdeal()
    {
        using var net = SmallConvNet(seed: 31);
        using var data = LabelledByModel(net);
        using var trained = WeightOf(net, "conv");
        using var analog = Analog(net, data, CrossbarConfig.Lognormal(0.8));
        using var ideal = WeightOf(net, "conv");

        var result = MonteCarloEvaluator.Evaluate(analog, data, chips: 4, seed: 5, label: "σ=0.8");
        Assert.Equal(1.0, result.CleanAccuracy);
        Assert.True(result.Mean < 1.0, "σ = 0.8 should cost accuracy");
        Assert.Equal("σ=0.8", result.Label);
        Assert.Null(analog.CurrentChip);
        using var after = WeightOf(net, "conv");
        Assert.True(BitIdentical(after, ideal));

        using var zero = Analog(net, data, CrossbarConfig.Lognormal(0));
        var noVariation = MonteCarloEvaluator.Evaluate(zero, data, chips: 3, seed: 5);
        Assert.All(noVariation.ChipAccuracies, a => Assert.Equal(1.0, a));
    }

    [Fact]
    public void ProgressReportsEveryChip()
    {
        using var net = SmallConvNet(seed: 32);
        using var data = LabelledByModel(net);
        using var analog = Analog(net, data, CrossbarConfig.Lognormal(0.5));
        var reports = new List<MonteCarloProgress>();
        var result = MonteCarloEvaluator.Evaluate(
            analog, data, chips: 3, seed: 1, firstChip: 7, progress: new Collect(reports));
        Assert.Equal([7L, 8L, 9L], reports.Select(r => r.ChipIndex));
        Assert.Equal([1, 2, 3], reports.Select(r => r.Done));
        Assert.Equal(result.ChipAccuracies, reports.Select(r => r.Accuracy));
    }

    [Fact]
    public void BadChipRangesAreRejected()
    {
        using var net = SmallConvNet(seed: 33);
        using var data = LabelledByModel(net);
        using var analog = Analog(net, data, CrossbarConfig.Lognormal(0.5));
        var negative = Assert.Throws<ArgumentOutOfRangeException>(
            () => MonteCarloEvaluator.Evaluate(analog, data, chips: 2, seed: 1, firstChip: -1));
        Assert.Equal("Index", negative.ParamName);
        var none = Assert.Throws<ArgumentOutOfRangeException>(
            () => MonteCarloEvaluator.Evaluate(analog, data, chips: 0, seed: 1));
        Assert.Equal("chips", none.ParamName);
    }

    private sealed class Collect(List<MonteCarloProgress> into) : IProgress<MonteCarloProgress>
    {
        public void Report(MonteCarloProgress value) => into.Add(value);
    }
}
