using CorrectNet.Placement;
using static CorrectNet.Tests.Placement.PlacementTestSupport;

namespace CorrectNet.Tests.Placement;

/// <summary>On a synthetic reward table with a known optimum the REINFORCE agent converges to it.</summary>
public sealed class ReinforceAgentTests
{
    [Fact]
    public void ConvergesToTheKnownBestPlacement()
    {
        // Worth inserting: layers 0, 2 and 4 (gain > α·0.05), the sensitive ones; layer 1 gains nothing, layer 3 less
        // than its cost.
        double[] gains = [0.15, 0.0, 0.10, 0.02, 0.25];
        var environment = new PlacementEnvironment(Sites(0.9, 0.05, 0.6, 0.1, 0.8), Table(gains, unitOverhead: 0.05),
            alpha: 1.0);
        var reference = new PlacementEnvironment(environment.Sites, Table(gains, unitOverhead: 0.05), alpha: 1.0);
        var best = PlacementSearches.Exhaustive(reference).Best.Placement;
        Assert.Equal("2,0,2,0,2", best.Key);

        var result = ReinforceAgent.Run(environment, new ReinforceConfig { Episodes = 300, Seed = 4 });

        Assert.Equal(best, result.Best.Placement);
        Assert.Equal(best, result.PolicyPlacement);
        Assert.Equal(best, result.Visited[^1].Placement); // the last episodes sample it
        Assert.True(result.EpisodeRewards!.TakeLast(20).Average() > result.EpisodeRewards!.Take(20).Average());
    }

    [Fact]
    public void SameSeedSameEpisodes()
    {
        double[] gains = [0.03, 0.0, 0.05, 0.002, 0.02];
        var a = ReinforceAgent.Run(new PlacementEnvironment(Sites(1, 2, 3, 4, 5), Table(gains)),
            new ReinforceConfig { Episodes = 40, Seed = 9 });
        var b = ReinforceAgent.Run(new PlacementEnvironment(Sites(1, 2, 3, 4, 5), Table(gains)),
            new ReinforceConfig { Episodes = 40, Seed = 9 });
        Assert.Equal(a.Visited.Select(v => v.Placement.Key), b.Visited.Select(v => v.Placement.Key));
    }
}
