using CorrectNet.Crossbar;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Placement;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments.Recipes;

/// <summary>The notebook recipes: results come back from the disk cache without training anything again.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class CompensationRecipesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly ExperimentProfile Tiny = ExperimentProfile.Quick with
    {
        Placement = ExperimentProfile.Quick.Placement with
        {
            CompensationSteps = 5,
            Chips = 2,
            MaxTest = 48,
            SensitivityChips = 1,
            Episodes = 10,
            // Units on this tiny MLP cost more than 5%: without a cap every placement is searched.
            OverheadCap = null,
        },
        MonteCarlo = ExperimentProfile.Quick.MonteCarlo with { CalibrationImages = 32 },
    };

    [Fact]
    public void PlacementAndCompensationAreCachedOnDisk()
    {
        using var data = TrainingTestData.Synthetic();
        var cache = new ResultCache(_folder.Path);
        var setup = TrainingTestData.Setup(epochs: 1);
        using var trained = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache));
        var config = CrossbarConfig.Lognormal(1.0);

        var first = CompensationRecipes.Place(trained, data, config, Tiny, ["exhaustive", "rl"],
            new ExperimentContext(cache));
        Assert.Equal(8, first.TrainedPlacements); // 2^3 placements of the 3-layer MLP, each trained once
        Assert.Equal(0, first["rl"].NewEvaluations);
        var second = CompensationRecipes.Place(trained, data, config, Tiny, ["greedy", "all", "exhaustive"],
            new ExperimentContext(cache));
        Assert.Equal(0, second.TrainedPlacements);
        Assert.Equal(first["exhaustive"].Best.Placement, second["exhaustive"].Best.Placement);
        Assert.Equal(first["exhaustive"].Best.Reward, second["exhaustive"].Best.Reward);

        var compensated = CompensationRecipes.Compensate(trained, data, config, ["fc1", "fc2"], Tiny,
            new ExperimentContext(cache));
        Assert.False(compensated.FromCache);
        Assert.True(File.Exists(compensated.CheckpointPath));
        Assert.Equal(2, compensated.After.Chips);
        var again = CompensationRecipes.Compensate(trained, data, config, ["fc1", "fc2"], Tiny,
            new ExperimentContext(cache));
        Assert.True(again.FromCache);
        Assert.Equal(compensated.After.ChipAccuracies, again.After.ChipAccuracies);
        Assert.Equal(compensated.Cost, again.Cost);
    }

    [Fact]
    public void WeightSharingScoresEveryPlacementFromOneSharedTrainingOnTheSearchBudget()
    {
        using var data = TrainingTestData.Synthetic();
        var cache = new ResultCache(_folder.Path);
        using var trained = TrainedModels.GetOrTrain(TrainingTestData.Setup(epochs: 1), data,
            new ExperimentContext(cache));
        var config = CrossbarConfig.Lognormal(1.0);
        var profile = Tiny with
        {
            Placement = Tiny.Placement with
            {
                Scoring = PlacementScoring.WeightSharing,
                SharedSteps = 7,
                SearchChips = 3,
                SearchMaxTest = 40,
            },
        };
        var weightsBefore = trained.Model.parameters().Select(p => p.clone()).ToList();

        var report = CompensationRecipes.Place(trained, data, config, profile, ["exhaustive"],
            new ExperimentContext(cache));

        Assert.Equal(PlacementScoring.WeightSharing, report.Scoring);
        Assert.Equal(8, report.TrainedPlacements);
        // The session's scores are those of the shared evaluator built on the search budget: 7 shared steps,
        // 3 chips, the first 40 test images (not the report's 2 chips and 48 images).
        var layers = report.Sites.Select(s => s.Name).ToList();
        using var test = data.Test.Take(40);
        var training = CompensationRecipes.TrainingFor(profile) with { Steps = 7 };
        using (var direct = new WeightSharingPlacementEvaluator(new PlacementScoringSetup(trained.Model, config,
            layers, data.Train, test, training, Chips: 3, Seed: 1)))
        {
            foreach (var evaluated in report.Evaluated)
                Assert.Equal(direct.Evaluate(evaluated.Placement).Accuracy, evaluated.Outcome.Accuracy);
        }
        // The shared units are gone and the base model is as trained: a per-placement compensation runs after it.
        Assert.All(trained.Model.parameters().Zip(weightsBefore),
            p => Assert.True(p.First.allclose(p.Second, rtol: 0, atol: 0)));
        var again = CompensationRecipes.Place(trained, data, config, profile, ["greedy", "exhaustive"],
            new ExperimentContext(cache));
        Assert.Equal(0, again.TrainedPlacements);
        var compensated = CompensationRecipes.Compensate(trained, data, config, ["fc1"], profile,
            new ExperimentContext(cache));
        Assert.Equal(2, compensated.After.Chips);
    }

    [Fact]
    public void CompareScoringsScoresEveryPlacementBothWaysOnTheSameChips()
    {
        using var data = TrainingTestData.Synthetic();
        var cache = new ResultCache(_folder.Path);
        using var trained = TrainedModels.GetOrTrain(TrainingTestData.Setup(epochs: 1), data,
            new ExperimentContext(cache));
        var config = CrossbarConfig.Lognormal(1.0);

        var comparison = CompensationRecipes.CompareScorings(trained, data, config, Tiny,
            new ExperimentContext(cache));

        Assert.Equal(8, comparison.PerPlacement.Count); // 2^3 placements of the 3-layer MLP
        Assert.Equal(comparison.PerPlacement.Select(e => e.Placement), comparison.Shared.Select(e => e.Placement));
        // No units is the base model either way, on the same chips and images: the same accuracy to the bit.
        int none = comparison.PerPlacement.ToList().FindIndex(e => e.Placement.Units == 0);
        Assert.Equal(comparison.PerPlacement[none].Outcome.Accuracy, comparison.Shared[none].Outcome.Accuracy);
        Assert.InRange(comparison.RewardSpearman, -1, 1);
        string[] Entries(string kind) => Directory.GetFiles(Path.Combine(_folder.Path, kind), "*.json")
            .Where(f => !f.EndsWith(".config.json", StringComparison.Ordinal)).ToArray();
        Assert.Equal(8, Entries(CompensationRecipes.PlacementCacheKind).Length);
        Assert.Equal(8, Entries(CompensationRecipes.SharedPlacementCacheKind).Length);
    }

    [Fact]
    public void TheProfilesOverheadCapBoundsEverySearchedPlacement()
    {
        using var data = TrainingTestData.Synthetic();
        var cache = new ResultCache(_folder.Path);
        using var trained = TrainedModels.GetOrTrain(TrainingTestData.Setup(epochs: 1), data,
            new ExperimentContext(cache));
        var capped = Tiny with { Placement = Tiny.Placement with { OverheadCap = OverheadCap.Negligible } };

        var report = CompensationRecipes.Place(trained, data, CrossbarConfig.Lognormal(1.0), capped,
            ["exhaustive", "greedy", "rl"], new ExperimentContext(cache));

        Assert.InRange(report.Evaluated.Count, 2, 7); // some of the 8 placements, never all
        Assert.All(report.Evaluated, e =>
        {
            Assert.True(e.Outcome.ParametersShare <= 0.05, e.Placement.Key);
            Assert.True(e.Outcome.MacsShare <= 0.05, e.Placement.Key);
        });
    }
}
