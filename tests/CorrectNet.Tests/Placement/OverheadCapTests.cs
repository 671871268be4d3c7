using CorrectNet.Compensation;
using CorrectNet.Placement;
using static CorrectNet.Tests.Placement.PlacementTestSupport;

namespace CorrectNet.Tests.Placement;

/// <summary>
/// The hard overhead cap (docs/method.md F31a): on five equal layers (272 parameters, 256 MACs each) a unit of width 2
/// adds 82 parameters (6.03% of 1360) and 64 MACs (5% of 1280), so a cap of 13% admits at most two units.
/// </summary>
public sealed class OverheadCapTests
{
    private static readonly double[] Gains = [0.15, 0.0, 0.10, 0.02, 0.25];
    private static readonly OverheadCap TwoUnits = new(0.13, 0.13);

    private static PlacementEnvironment Capped(List<string>? calls = null) =>
        new(Sites(0.9, 0.05, 0.6, 0.1, 0.8), Table(Gains, calls, unitOverhead: 0.05), cap: TwoUnits);

    [Fact]
    public void SharesAreThoseOfF29()
    {
        var environment = Capped();
        int[] widths = [2, 0, 2, 0, 0];
        var cost = CompensationCost.Of([.. environment.Sites.Select(s => s.Profile)],
            [new CompensationSpec("fc1", 2), new CompensationSpec("fc3", 2)]);

        var (parameters, macs) = environment.Shares(widths);

        Assert.Equal(cost.ParametersPercent / 100, parameters, 12);
        Assert.Equal(cost.MacsPercent / 100, macs, 12);
        Assert.True(environment.Admits(widths));
        Assert.False(environment.Admits([2, 0, 2, 0, 2]));
        Assert.True(environment.Allows(4, 0, [2, 0, 2, 0]));
        Assert.False(environment.Allows(4, 1, [2, 0, 2, 0]));
    }

    [Fact]
    public void ExhaustiveAndGreedyEvaluateOnlyWhatTheCapAdmits()
    {
        var calls = new List<string>();
        var exhaustive = PlacementSearches.Exhaustive(Capped(calls));

        Assert.Equal(1 + 5 + 10, calls.Count); // placements of at most two units
        Assert.Equal("2,0,0,0,2", exhaustive.Best.Placement.Key); // the uncapped optimum 2,0,2,0,2 has three
        var greedy = PlacementSearches.Greedy(Capped());
        Assert.Equal(["0,0,0,0,0", "2,0,0,0,0", "2,0,0,0,2"], greedy.Visited.Select(v => v.Placement.Key));
        var all = PlacementSearches.All(Capped()); // the reference point is evaluated anyway
        Assert.Equal("2,2,2,2,2", all.Best.Placement.Key);
        var error = Assert.Throws<ArgumentException>(() => Capped().Evaluate(new UnitPlacement([2, 2, 2, 0, 0])));
        Assert.Contains("18.09% parameters and 15.00% MACs, over the cap of 13.00% and 13.00%", error.Message);
    }

    [Fact]
    public void TheAgentNeverProposesAPlacementOverTheCapAndFindsTheCappedOptimum()
    {
        var result = ReinforceAgent.Run(Capped(), new ReinforceConfig { Episodes = 300, Seed = 4 });

        Assert.All(result.Visited, v => Assert.True(v.Placement.Units <= 2, v.Placement.Key));
        Assert.Equal("2,0,0,0,2", result.Best.Placement.Key);
        Assert.True(result.PolicyPlacement!.Units <= 2);
    }

    [Fact]
    public void CapSharesMustLieInZeroToOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OverheadCap(0, 0.05).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new OverheadCap(0.05, double.NaN).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlacementEnvironment(Sites(0.1), Table([0.1]),
            cap: new OverheadCap(1.5, 0.05)));
    }
}
