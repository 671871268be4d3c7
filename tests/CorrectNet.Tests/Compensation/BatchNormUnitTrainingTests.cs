using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Compensation;

/// <summary>Units trained with per-chip BatchNorm re-estimation (docs/method.md F36a as a pipeline stage): each step
/// runs its chip with statistics re-estimated on that chip, and the trained statistics come back after.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class BatchNormUnitTrainingTests
{
    private const int Images = 32;

    private static CompensationTrainingConfig Config(int? batchNormImages) => new()
    {
        Steps = 1,
        BatchSize = 16,
        SampleLossCap = null,
        ChipSeed = 77,
        BatchNormImages = batchNormImages,
    };

    private static (CompensatedModel Model, AnalogModel Analog) Build(nn.Module<Tensor, Tensor> net)
    {
        var compensated = new CompensatedModel(net, [new CompensationSpec("conv", 4)], [1, 8, 8], seed: 2);
        return (compensated, AnalogConversion.ToAnalog(compensated, CrossbarConfig.Lognormal(0.7), [1, 8, 8]));
    }

    /// <summary>Step 0's loss is the cross-entropy of its batch on chip (77, 0) with the statistics re-estimated on
    /// that chip (the units are still the identity then), and it differs from the loss with the trained
    /// statistics.</summary>
    [Fact]
    public void EachStepRunsItsChipWithStatisticsReEstimatedOnIt()
    {
        using var data = TrainingTestData.Synthetic();
        using var net = CrossbarTestSupport.ConvBatchNormNet(3, 1, 8);
        double expected = Fresh(net, (model, analog) =>
        {
            using var shuffle = new Generator(unchecked((ulong)(1 * 1_000_003)));
            var (x, y) = data.Train.Batches(16, shuffle: true, shuffle).First();
            analog.UseChip(new Chip(77, 0));
            using var images = data.Train.Images[TensorIndex.Slice(0, Images)].clone();
            using var recalibration = new BatchNormRecalibration(model, images);
            recalibration.Recalibrate();
            using var noGrad = no_grad();
            return nn.functional.cross_entropy(model.call(x), y).item<float>();
        });
        double recalibrated = Fresh(net, (model, analog) =>
            CompensationTrainer.Train(model, analog, data.Train, Config(Images)).Losses[0]);
        double trained = Fresh(net, (model, analog) =>
            CompensationTrainer.Train(model, analog, data.Train, Config(null)).Losses[0]);

        Assert.Equal(expected, recalibrated, 5);
        Assert.NotEqual(trained, recalibrated, 3);
    }

    /// <summary>Runs <paramref name="work"/> on fresh identity units over <paramref name="net"/>, then takes them
    /// off.</summary>
    private static double Fresh(nn.Module<Tensor, Tensor> net, Func<CompensatedModel, AnalogModel, double> work)
    {
        var (model, analog) = Build(net);
        try
        {
            return work(model, analog);
        }
        finally
        {
            analog.Dispose();
            model.DisposeUnits();
        }
    }

    [Fact]
    public void TheTrainedStatisticsComeBackAfterTraining()
    {
        using var data = TrainingTestData.Synthetic();
        using var net = CrossbarTestSupport.ConvBatchNormNet(3, 1, 8);
        var norm = CrossbarTestSupport.Norm(net);
        float[] mean = norm.running_mean!.data<float>().ToArray(), variance = norm.running_var!.data<float>().ToArray();
        var (model, analog) = Build(net);
        try
        {
            CompensationTrainer.Train(model, analog, data.Train, Config(Images) with { Steps = 3 });
            Assert.Equal(mean, norm.running_mean!.data<float>().ToArray());
            Assert.Equal(variance, norm.running_var!.data<float>().ToArray());
        }
        finally
        {
            analog.Dispose();
            model.DisposeUnits();
        }
    }

    [Fact]
    public void UnitsTrainedWithTheirTrainedStatisticsKeepTheirCacheKey()
    {
        Assert.DoesNotContain("batch_norm", JsonFormat.Serialize(new CompensationTrainingConfig()),
            StringComparison.Ordinal);
        Assert.NotEqual(ResultCache.KeyOf(new CompensationTrainingConfig()),
            ResultCache.KeyOf(new CompensationTrainingConfig { BatchNormImages = Images }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CompensationTrainingConfig { BatchNormImages = 1 }.Validate());
    }
}
