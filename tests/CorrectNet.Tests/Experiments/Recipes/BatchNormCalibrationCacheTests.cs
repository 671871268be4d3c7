using CorrectNet.Crossbar;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Experiments.Recipes;

/// <summary>Per-chip BatchNorm re-estimation (docs/method.md F36a) through the cached Monte-Carlo evaluation.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class BatchNormCalibrationCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CheckpointHeader Header() => new(CheckpointHeader.CurrentFormat, CorrectNetInfo.Version,
        TrainingTestData.Setup(), 1, [], DateTime.UtcNow);

    /// <summary>conv (1→4, 3×3, pad 1) → BatchNorm → ReLU → flatten → fc (4·8·8 → 3), with running statistics no
    /// chip would give.</summary>
    private static TrainedModel WithBatchNorm()
    {
        var net = CrossbarTestSupport.ConvBatchNormNet(seed: 5, inChannels: 1, side: 8);
        using (no_grad())
        {
            CrossbarTestSupport.Norm(net).running_mean!.fill_(2);
            CrossbarTestSupport.Norm(net).running_var!.fill_(4);
        }
        return new TrainedModel(net, Header(), "unsaved", FromCache: true);
    }

    [Fact]
    public void OnlyAModelWithBatchNormGetsAKeyOfItsOwn()
    {
        using var data = TrainingTestData.Synthetic();
        using var mlp = new TrainedModel(TrainingTestData.SeededModel(TrainingTestData.TinyMlp, 3), Header(),
            "unsaved", FromCache: true);
        using var withNorm = WithBatchNorm();
        var config = CrossbarConfig.Lognormal(0.3);
        var run = new MonteCarloRun(3, Seed: 4);
        var calibrated = run with { BatchNormImages = 1000 };
        var energy = new AdcEnergyModel();

        // Nothing to re-estimate: the evaluation is the one without, and so is its cache entry.
        Assert.Equal(ResultCache.KeyOf(AccuracyCurves.KeyFor(mlp, data, config, run, energy)),
            ResultCache.KeyOf(AccuracyCurves.KeyFor(mlp, data, config, calibrated, energy)));
        var key = AccuracyCurves.KeyFor(withNorm, data, config, calibrated, energy);
        Assert.Equal(192, key.BatchNormImages); // capped at the training images there are
        Assert.NotEqual(ResultCache.KeyOf(AccuracyCurves.KeyFor(withNorm, data, config, run, energy)),
            ResultCache.KeyOf(key));
        Assert.Null(AccuracyCurves.KeyFor(withNorm, data, config, run, energy).BatchNormImages);
    }

    /// <summary>Re-estimated statistics change the chips' accuracy here (the trained ones are far off), the result
    /// is cached under its own key, and the model keeps its trained statistics.</summary>
    [Fact]
    public void ACalibratedEvaluationIsCachedApartAndLeavesTheModelAsItWas()
    {
        using var data = TrainingTestData.Synthetic();
        using var trained = WithBatchNorm();
        var context = new ExperimentContext(new ResultCache(_folder.Path));
        var config = CrossbarConfig.Lognormal(0.3);
        var run = new MonteCarloRun(3, Seed: 4, CalibrationImages: 32);
        var norm = CrossbarTestSupport.Norm(trained.Model);
        using var trainedMean = norm.running_mean!.clone();

        var plain = AccuracyCurves.EvaluateCached(trained, data, config, run, context, "", null, null);
        var calibrated = AccuracyCurves.EvaluateCached(trained, data, config, run with { BatchNormImages = 64 },
            context, "", null, null);
        var again = AccuracyCurves.EvaluateCached(trained, data, config, run with { BatchNormImages = 64 },
            context, "", null, null);

        Assert.False(calibrated.FromCache);
        Assert.NotEqual(plain.Result.ChipAccuracies, calibrated.Result.ChipAccuracies);
        Assert.Equal(plain.Result.CleanAccuracy, calibrated.Result.CleanAccuracy);
        Assert.True(again.FromCache);
        Assert.Equal(calibrated.Result.ChipAccuracies, again.Result.ChipAccuracies);
        Assert.True(norm.running_mean!.allclose(trainedMean, rtol: 0, atol: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => (run with { BatchNormImages = 1 }).Validate());
    }
}
