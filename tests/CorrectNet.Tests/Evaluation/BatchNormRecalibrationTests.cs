using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Tests.Crossbar;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Evaluation;

/// <summary>Per-chip BatchNorm re-estimation (docs/method.md F36a).</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class BatchNormRecalibrationTests
{
    /// <summary>conv (3→4, 3×3, pad 1) → BatchNorm → ReLU → flatten → fc (4·6·6 → 3), trained statistics set to
    /// values no re-estimation would give.</summary>
    private static Sequential Net()
    {
        var net = CrossbarTestSupport.ConvBatchNormNet(seed: 3, inChannels: 3, side: 6);
        using (no_grad())
        {
            Norm(net).running_mean!.copy_(tensor(new float[] { 5, -5, 2, 0 }));
            Norm(net).running_var!.copy_(tensor(new float[] { 9, 0.1f, 4, 1 }));
        }
        return net;
    }

    /// <summary>
    /// On a programmed chip the re-estimated statistics are the per-channel mean and (unbiased) variance of the
    /// chip's convolution outputs over the calibration images, averaged over batches; Restore puts the trained ones
    /// back, and every module's training flag is as before.
    /// </summary>
    [Fact]
    public void TheStatisticsAreThoseOfTheChipsActivationsAndComeBack()
    {
        using var net = Net();
        using var generator = new TorchSharp.torch.Generator(7);
        using var images = randn([64, 3, 6, 6], generator: generator);
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.5), [3, 6, 6]);
        analog.UseChip(new Chip(11, 0));
        var norm = Norm(net);
        using var trainedMean = norm.running_mean!.clone();
        using var trainedVariance = norm.running_var!.clone();

        // The chip's convolution outputs, two batches of 32 as the recalibration runs them.
        Tensor ConvOut(Tensor x)
        {
            using var noGrad = no_grad();
            return ((nn.Module<Tensor, Tensor>)net.named_children().First().module).call(x);
        }
        using var first = ConvOut(images[..32]);
        using var second = ConvOut(images[32..]);
        using var expectedMean = (first.mean([0, 2, 3]) + second.mean([0, 2, 3])) / 2;
        using var expectedVariance = (first.var([0, 2, 3]) + second.var([0, 2, 3])) / 2; // unbiased, as BatchNorm's

        using var recalibration = new BatchNormRecalibration(net, images, batchSize: 32);
        recalibration.Recalibrate();

        Assert.Equal(1, recalibration.Layers);
        Assert.True(norm.running_mean!.allclose(expectedMean, rtol: 1e-4, atol: 1e-5), "running mean");
        Assert.True(norm.running_var!.allclose(expectedVariance, rtol: 1e-4, atol: 1e-5), "running variance");
        Assert.False(net.training);
        Assert.All(net.modules(), m => Assert.False(m.training));
        Assert.Equal(0.1, norm.momentum);

        recalibration.Restore();
        Assert.True(norm.running_mean!.allclose(trainedMean, rtol: 0, atol: 0));
        Assert.True(norm.running_var!.allclose(trainedVariance, rtol: 0, atol: 0));
    }

    /// <summary>Through the Monte-Carlo evaluator: re-estimated statistics change a chip's accuracy (the trained
    /// ones here are far off), and the model leaves the evaluation with its trained statistics.</summary>
    [Fact]
    public void TheEvaluatorReestimatesPerChipAndLeavesTheTrainedStatistics()
    {
        using var net = Net();
        using var generator = new TorchSharp.torch.Generator(8);
        using var images = randn([96, 3, 6, 6], generator: generator);
        using var labels = randint(0, 3, [96], generator: generator);
        using var test = CorrectNet.Data.ImageDataset.FromTensors("random", images, labels, 3, ["a", "b", "c"],
            CorrectNet.Data.Normalization.Identity(3));
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.3), [3, 6, 6]);
        using var trainedMean = Norm(net).running_mean!.clone();

        var plain = MonteCarloEvaluator.Evaluate(analog, test, chips: 3, seed: 5);
        using var recalibration = new BatchNormRecalibration(net, images[..64], batchSize: 32);
        var recalibrated = MonteCarloEvaluator.Evaluate(analog, test, chips: 3, seed: 5,
            recalibration: recalibration);

        Assert.Equal(plain.CleanAccuracy, recalibrated.CleanAccuracy);
        Assert.NotEqual(plain.ChipAccuracies, recalibrated.ChipAccuracies);
        Assert.True(Norm(net).running_mean!.allclose(trainedMean, rtol: 0, atol: 0));
    }
}
