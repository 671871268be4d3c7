using CorrectNet.Crossbar;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
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
}
