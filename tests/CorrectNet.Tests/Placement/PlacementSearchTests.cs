using CorrectNet.Placement;
using static CorrectNet.Tests.Placement.PlacementTestSupport;

namespace CorrectNet.Tests.Placement;

/// <summary>Exhaustive search visits every placement once; the cache never evaluates a placement twice;
/// baselines.</summary>
public sealed class PlacementSearchTests
{
    private static readonly double[] Gains = [0.10, 0.0, 0.05, 0.002, 0.2];

    [Fact]
    public void ExhaustiveEnumeratesEveryPlacementOnceAndFindsTheBest()
    {
        var calls = new List<string>();
        var environment = new PlacementEnvironment(Sites(0.1, 0.2, 0.3, 0.4, 0.5), Table(Gains, calls), alpha: 1.0);
        var result = PlacementSearches.Exhaustive(environment);

        Assert.Equal(32, result.Visited.Count);
        Assert.Equal(32, calls.Count);
        Assert.Equal(32, calls.Distinct().Count());
        Assert.Equal(32, result.NewEvaluations);
        Assert.Equal("2,0,2,0,2", result.Best.Placement.Key);
        Assert.Equal(0.5 + 0.35 - 0.03, result.Best.Reward, 12);
    }

    [Fact]
    public void TheCacheNeverEvaluatesAPlacementTwice()
    {
        var calls = new List<string>();
        var environment = new PlacementEnvironment(Sites(0.5, 0.1, 0.3, 0.0, 0.9), Table(Gains, calls));
        var all = PlacementSearches.All(environment);
        var none = PlacementSearches.None(environment);
        var greedy = PlacementSearches.Greedy(environment);
        var random = PlacementSearches.Random(environment, count: 20, seed: 3);
        var exhaustive = PlacementSearches.Exhaustive(environment);
        var again = PlacementSearches.Exhaustive(environment);
        var rl = ReinforceAgent.Run(environment, new ReinforceConfig { Episodes = 30 });

        Assert.Equal(calls.Count, calls.Distinct().Count());
        Assert.Equal(32, calls.Count);
        Assert.Equal(32, environment.Evaluations);
        Assert.Equal(0, again.NewEvaluations);
        Assert.Equal(0, rl.NewEvaluations);
        Assert.Equal(1, all.NewEvaluations);
        Assert.Equal(1, none.NewEvaluations);
        Assert.Equal(environment.Layers + 1, greedy.Visited.Count);
        Assert.Equal(20, random.Visited.Count);
        // the gains follow the sensitivities' order here
        Assert.Equal(exhaustive.Best.Placement, greedy.Best.Placement);
        // each search's own count does not depend on what the cache already held
        Assert.Equal(32, again.Distinct);
        Assert.Equal(rl.Visited.Select(v => v.Placement.Key).Distinct().Count(), rl.Distinct);
        Assert.True(rl.Distinct > 0);
        Assert.InRange(rl.DistinctUntilBest, 1, rl.Distinct);
        Assert.Equal(environment.Layers + 1, greedy.Distinct);
    }

    [Fact]
    public void MaxOverheadCountsTheLargerShare()
    {
        var outcome = new PlacementOutcome(0.8, 1.0, ParametersShare: 0.06, MacsShare: 0.01);
        Assert.Equal(0.06, outcome.Overhead(OverheadMeasure.Max));
        Assert.Equal(0.01, outcome.Overhead(OverheadMeasure.Macs));
        Assert.Equal(0.06, outcome.Overhead(OverheadMeasure.Parameters));
        var environment = new PlacementEnvironment(Sites(0.1, 0.2), _ => outcome, alpha: 1.0,
            measure: OverheadMeasure.Max);
        Assert.Equal(0.8 - 0.06, environment.Evaluate(UnitPlacement.None(2)).Reward, 12);
    }

    [Fact]
    public void GreedyAddsLayersInOrderOfSensitivity()
    {
        var environment = new PlacementEnvironment(Sites(0.5, 0.1, 0.3, 0.0, 0.9), Table(Gains));
        var visited = PlacementSearches.Greedy(environment).Visited.Select(v => v.Placement.Key).ToList();
        Assert.Equal(["0,0,0,0,0", "0,0,0,0,2", "2,0,0,0,2", "2,0,2,0,2", "2,2,2,0,2", "2,2,2,2,2"], visited);
    }

    [Fact]
    public void ExhaustiveRefusesMoreThan1024Placements()
    {
        var environment = new PlacementEnvironment(Sites(new double[11]), Table(new double[11]));
        Assert.Throws<InvalidOperationException>(() => PlacementSearches.Exhaustive(environment));
        var widths = new PlacementEnvironment(Sites(new double[5]), Table(new double[5]), widthChoices: [0.5, 1, 2]);
        Assert.Equal(1024, PlacementSearches.Exhaustive(widths).Visited.Count); // 4^5
    }
}
