using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;
using CorrectNet.Training;

namespace CorrectNet.Tests.Compensation;

/// <summary>Units trained on sampled chips raise Monte-Carlo accuracy on chips they never saw (tiny MLP,
/// seeded).</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class CompensationTrainingTests
{
    private const long EvaluationSeed = 5;

    [Fact]
    public void TrainingRaisesAccuracyOnHeldOutChipsAndLeavesTheBaseUntouched()
    {
        using var data = TrainingTestData.Synthetic(train: 384, test: 192);
        var setup = TrainingTestData.Setup(epochs: 6);
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 21);
        new Trainer(setup).Train(model, data);
        var trained = TrainingTestData.Weights(model);

        var config = CrossbarConfig.Lognormal(1.5);
        var compensated = new CompensatedModel(model, [new CompensationSpec("fc1", 8), new CompensationSpec("fc2", 8)],
            [1, 8, 8], seed: 2);
        var training = new CompensationTrainingConfig
        {
            Steps = 150,
            BatchSize = 32,
            LearningRate = 0.01,
            ChipSeed = CompensationTrainingConfig.ChipSeedFor(EvaluationSeed),
        };
        using var analog = AnalogConversion.ToAnalog(compensated, config, [1, 8, 8]);
        var before = MonteCarloEvaluator.Evaluate(analog, data.Test, chips: 20, seed: EvaluationSeed);
        var result = CompensationTrainer.Train(compensated, analog, data.Train, training);
        var after = MonteCarloEvaluator.Evaluate(analog, data.Test, chips: 20, seed: EvaluationSeed);

        Assert.Equal(150, result.Steps);
        Assert.True(after.Mean > before.Mean + 0.03,
            $"held-out chips: {before.Mean:P2} before, {after.Mean:P2} after compensation training; " +
            $"loss {result.Losses.Take(10).Average():F3} → {result.FinalLoss:F3}; clean {before.CleanAccuracy:P1}");
        // The base weights are the trained ones (frozen, and the twin restored them).
        analog.Dispose();
        var now = TrainingTestData.Weights(model);
        Assert.All(trained, p => Assert.True(p.Value.SequenceEqual(now[p.Key]), $"base parameter {p.Key} changed"));
        Assert.All(compensated.BaseParameters(), p => Assert.True(p.requires_grad));
    }
}
