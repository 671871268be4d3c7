using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Models;
using CorrectNet.Placement;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Placement;

/// <summary>Weight-sharing placement evaluation (docs/method.md F38) and placement racing (F39) on a tiny
/// MLP.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class WeightSharingTests
{
    private const long EvaluationSeed = 5;
    private static readonly long[] InputShape = [1, TrainingTestData.Side, TrainingTestData.Side];
    private static readonly string[] Layers = ["fc1", "fc2", "fc3"];
    private static readonly CrossbarConfig Hardware = CrossbarConfig.Lognormal(1.5);

    private static CompensationTrainingConfig Training(long seed = 1) => new()
    {
        Steps = 40,
        BatchSize = 32,
        LearningRate = 0.01,
        Seed = seed,
        ChipSeed = CompensationTrainingConfig.ChipSeedFor(EvaluationSeed),
    };

    private static nn.Module<Tensor, Tensor> TrainedModel(DatasetSplits data)
    {
        var setup = TrainingTestData.Setup(epochs: 4);
        var model = TrainingTestData.SeededModel(setup.Model, seed: 21);
        new Trainer(setup).Train(model, data);
        return model;
    }

    private static WeightSharingPlacementEvaluator Evaluator(
        nn.Module<Tensor, Tensor> model, DatasetSplits data, long trainingSeed = 1) =>
        new(new PlacementScoringSetup(model, Hardware, Layers, data.Train, data.Test, Training(trainingSeed), Chips: 4,
            EvaluationSeed));

    private static PlacementSite[] Sites(nn.Module<Tensor, Tensor> model) =>
        [.. LayerProfiler.Profile(model, InputShape).Select(p =>
            new PlacementSite(p, 0.1, CompensationUnit.DefaultWidth(p.OutChannels)))];

    [Fact]
    public void ScoringIsDeterministicForASeed()
    {
        using var data = TrainingTestData.Synthetic(train: 256, test: 96);
        using var model = TrainedModel(data);
        var placements = new[] { new[] { true, false, true }, [false, true, false], [true, true, true] }
            .Select(bits => new UnitPlacement([.. bits.Select((b, l) => b ? DefaultWidth(model, l) : 0)]))
            .ToList();

        double[] Scores(long trainingSeed)
        {
            using var evaluator = Evaluator(model, data, trainingSeed);
            return [.. placements.Select(p => evaluator.Evaluate(p).Accuracy)];
        }

        var first = Scores(1);
        Assert.Equal(first, Scores(1)); // same seed: the same shared units, the same chips, bit for bit
        Assert.NotEqual(first, Scores(2)); // another seed trains other units: the comparison can fail
    }

    [Fact]
    public void NoUnitOnIsTheBaseModelOnTheSameChips()
    {
        using var data = TrainingTestData.Synthetic(train: 256, test: 96);
        using var model = TrainedModel(data);
        double[] shared;
        using (var evaluator = Evaluator(model, data))
        {
            evaluator.Train();
            shared = [.. Enumerable.Range(0, 4)
                .Select(k => evaluator.EvaluateOnChip(UnitPlacement.None(3), k).Accuracy)];
            Assert.Equal(shared.Average(), evaluator.Evaluate(UnitPlacement.None(3)).Accuracy, 12);
        }
        using var analog = AnalogConversion.ToAnalog(model, Hardware, InputShape);
        var plain = MonteCarloEvaluator.Evaluate(analog, data.Test, chips: 4, seed: EvaluationSeed);
        Assert.Equal(plain.ChipAccuracies, shared);
    }

    [Fact]
    public void EverySearchRunsOnTheSharedUnitsTrainedOnce()
    {
        using var data = TrainingTestData.Synthetic(train: 256, test: 96);
        using var model = TrainedModel(data);
        using var evaluator = Evaluator(model, data);
        var environment = new PlacementEnvironment(Sites(model), evaluator.Evaluate, alpha: 0.1);

        var exhaustive = PlacementSearches.Exhaustive(environment);
        var greedy = PlacementSearches.Greedy(environment);
        var rl = ReinforceAgent.Run(environment, new ReinforceConfig { Episodes = 10, Seed = 3 });

        Assert.Equal(8, exhaustive.Distinct);
        Assert.Equal(8, environment.Evaluations); // greedy and the agent were served from the cache
        Assert.Equal(40, evaluator.Trained!.Steps); // one shared training for all of them
        Assert.True(greedy.Best.Reward <= exhaustive.Best.Reward);
        Assert.True(rl.Best.Reward <= exhaustive.Best.Reward);
        // compensation helps at σ = 1.5 on this problem: the best placement has a unit
        Assert.True(exhaustive.Best.Placement.Units > 0,
            $"best [{exhaustive.Best.Placement.Key}] {exhaustive.Best.Outcome.Accuracy:P1}");
    }

    [Fact]
    public void TheValidationComparesBothEvaluatorsOnTheSameChips()
    {
        using var data = TrainingTestData.Synthetic(train: 256, test: 96);
        using var model = TrainedModel(data);
        var result = WeightSharingValidation.Run(model, Hardware, Sites(model), data.Train, data.Test,
            Training() with { Steps = 10 }, Training() with { Steps = 20 },
            new PairedRaceConfig { Chips = 4, MinChips = 2 }, alpha: 0.1, EvaluationSeed);

        var comparison = result.Comparison;
        Assert.Equal(8, comparison.PerPlacement.Count);
        // no unit: both evaluators run the base model on the same chips (a twin left on the base would differ)
        Assert.Equal(0, comparison.PerPlacement[0].Placement.Units);
        Assert.Equal(comparison.PerPlacement[0].Outcome.Accuracy, comparison.Shared[0].Outcome.Accuracy);
        Assert.InRange(comparison.RewardSpearman, -1, 1);
        Assert.True(comparison.ChoiceRewardGap >= 0);
        Assert.Equal(4, result.Race.Winner.Scores.Count);
    }

    [Fact]
    public void UnitSwitchesAreFairCoinsFixedBySeedStepAndLayer()
    {
        // 20 000 switches, each on with p = ½: the share's sd is √(¼/20 000) = 0.0035; 4 sd = 0.014.
        int on = 0;
        for (int step = 0; step < 5000; step++)
            for (int layer = 0; layer < 4; layer++)
                if (WeightSharingPlacementEvaluator.IsOn(7, step, layer)) on++;
        Assert.InRange(on / 20000.0, 0.5 - 0.014, 0.5 + 0.014);
        Assert.Equal(WeightSharingPlacementEvaluator.IsOn(7, 123, 2), WeightSharingPlacementEvaluator.IsOn(7, 123, 2));
        var seven = Enumerable.Range(0, 64).Select(s => WeightSharingPlacementEvaluator.IsOn(7, s, 0));
        var eight = Enumerable.Range(0, 64).Select(s => WeightSharingPlacementEvaluator.IsOn(8, s, 0));
        Assert.NotEqual(seven, eight);
    }

    [Fact]
    public void RefusesAWidthTheSharedUnitDoesNotHave()
    {
        using var data = TrainingTestData.Synthetic(train: 64, test: 32);
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 3);
        using var evaluator = Evaluator(model, data);
        int wrong = evaluator.Widths[1] + 1;
        var error = Assert.Throws<ArgumentException>(
            () => evaluator.EvaluateOnChip(new UnitPlacement([0, wrong, 0]), 0));
        Assert.Contains("fc2", error.Message);
        Assert.Contains($"width {wrong}", error.Message);
    }

    [Fact]
    public void ARaceOfPlacementsKeepsTheFullBudgetWinner()
    {
        // Reward table of PlacementTestSupport plus a chip effect shared by every placement and, for the best
        // placement, a first chip that looks bad: the race must keep it and report it on all chips.
        var sites = PlacementTestSupport.Sites(0.3, 0.2, 0.1);
        double[] gains = [0.05, 0.0, 0.2];
        var table = PlacementTestSupport.Table(gains, unitOverhead: 0.01);
        var environment = new PlacementEnvironment(sites, table);
        var candidates = PlacementSearches.Exhaustive(environment).Visited.Select(v => v.Placement).ToList();
        PlacementOutcome OnChip(UnitPlacement p, int chip)
        {
            var outcome = table(p);
            double dip = chip == 0 && p.Has(0) && p.Has(2) && !p.Has(1) ? -0.1 : 0;
            return outcome with { Accuracy = outcome.Accuracy + 0.05 * Math.Cos(chip) + dip };
        }
        var config = new PairedRaceConfig { Chips = 12, MinChips = 4 };

        var race = PlacementRace.Run(environment, candidates, OnChip, config);

        var fullBudget = candidates.MaxBy(p => Enumerable.Range(0, 12).Average(k => environment.Reward(OnChip(p, k))));
        Assert.Equal(fullBudget, race.Winner.Candidate);
        Assert.Equal("2,0,2", race.Winner.Candidate.Key);
        Assert.Equal(12, race.Winner.Scores.Count);
        Assert.True(race.Evaluations < race.FullBudget, $"{race.Evaluations} of {race.FullBudget}");
    }

    private static int DefaultWidth(nn.Module<Tensor, Tensor> model, int layer) =>
        CompensationUnit.DefaultWidth(LayerProfiler.Profile(model, InputShape)[layer].OutChannels);
}
