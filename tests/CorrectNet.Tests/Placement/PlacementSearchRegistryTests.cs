using System.Reflection;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Placement;
using static CorrectNet.Tests.Placement.PlacementTestSupport;

namespace CorrectNet.Tests.Placement;

/// <summary>
/// The registry is the one list of placement searches: it names exactly the searches the code runs, each entry runs
/// the search of its name, unknown names fail with the known ones listed, and the affordability rule agrees with what
/// exhaustive search itself accepts.
/// </summary>
public sealed class PlacementSearchRegistryTests
{
    private static readonly double[] Gains = [0.10, 0.0, 0.05];

    private static IReadOnlyList<string> ConstantNames() =>
        [.. typeof(PlacementSearchNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void TheRegistryListsEveryNamedSearchOnce()
    {
        Assert.Equal(PlacementSearchRegistry.Names.Count, PlacementSearchRegistry.Names.Distinct().Count());
        Assert.Equal(ConstantNames().Order(), PlacementSearchRegistry.Names.Order());
        // The order "every search" runs in, which notebook 04 and `place --agent all` rely on.
        Assert.Equal(["none", "all", "greedy", "random", "exhaustive", "rl"], PlacementSearchRegistry.Names);
        Assert.Equal(["greedy", "exhaustive", "rl"], PlacementSearchRegistry.StandaloneNames);
    }

    [Fact]
    public void EachEntryRunsTheSearchOfItsName()
    {
        var environment = new PlacementEnvironment(Sites(0.3, 0.1, 0.2), Table(Gains));
        foreach (var search in PlacementSearchRegistry.Searches)
        {
            var result = search.Run(environment, 5, 4);
            Assert.Equal(search.Name, result.Method);
            Assert.NotEmpty(result.Visited);
            Assert.False(string.IsNullOrWhiteSpace(search.Description));
        }
        var exhaustive = PlacementSearchRegistry.Get(PlacementSearchNames.Exhaustive).Run(environment, 1, 1);
        Assert.Equal(8, exhaustive.Visited.Count);
        var agent = PlacementSearchRegistry.Get(PlacementSearchNames.Rl).Run(environment, 1, 4);
        Assert.Equal(4, agent.EpisodeRewards!.Count);
        Assert.Equal(3, PlacementSearchRegistry.Get(PlacementSearchNames.Random).Run(environment, 1, 1).Visited.Count);
    }

    [Fact]
    public void TheRegistryRunsWhatTheSearchesRunDirectly()
    {
        var viaRegistry = new PlacementEnvironment(Sites(0.3, 0.1, 0.2), Table(Gains));
        var direct = new PlacementEnvironment(Sites(0.3, 0.1, 0.2), Table(Gains));
        var random = PlacementSearchRegistry.Get(PlacementSearchNames.Random).Run(viaRegistry, 7, 10);
        var rl = PlacementSearchRegistry.Get(PlacementSearchNames.Rl).Run(viaRegistry, 7, 10);
        Assert.Equal(PlacementSearches.Random(direct, 3, 7).Visited.Select(v => v.Placement.Key),
            random.Visited.Select(v => v.Placement.Key));
        var agent = ReinforceAgent.Run(direct, new ReinforceConfig { Episodes = 10, Seed = 7 });
        Assert.Equal(agent.Visited.Select(v => v.Placement.Key), rl.Visited.Select(v => v.Placement.Key));
    }

    [Theory]
    [InlineData("rl")]
    [InlineData("  Greedy ")]
    [InlineData("EXHAUSTIVE")]
    public void NamesAreTrimmedAndCaseFolded(string name) =>
        Assert.Equal(name.Trim().ToLowerInvariant(), PlacementSearchRegistry.Get(name).Name);

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => PlacementSearchRegistry.Get("Annealing"));
        Assert.Contains("'annealing'", error.Message);
        foreach (string name in PlacementSearchRegistry.Names) Assert.Contains(name, error.Message);
        Assert.Null(PlacementSearchRegistry.Find("annealing"));
    }

    [Fact]
    public void PipelineOptionsAcceptExactlyTheRegisteredNames()
    {
        foreach (string name in PlacementSearchRegistry.Names) new PipelineOptions { Placement = name }.Validate();
        var error = Assert.Throws<ArgumentException>(() => new PipelineOptions { Placement = "annealing" }.Validate());
        foreach (string name in PlacementSearchRegistry.Names) Assert.Contains(name, error.Message);
        // Exact spelling: the pipeline later picks its search out of the report by this name.
        Assert.Throws<ArgumentException>(() => new PipelineOptions { Placement = "RL" }.Validate());
    }

    [Theory]
    [InlineData(5, 1024, true)]
    [InlineData(10, 1024, true)]
    [InlineData(11, 1024, false)]
    [InlineData(5, 32, true)]
    [InlineData(5, 31, false)]
    [InlineData(5, 0, false)]
    [InlineData(11, 1 << 20, false)]
    public void ExhaustiveRunsOnlyWhereAffordable(int layers, int limit, bool affordable)
    {
        Assert.Equal(affordable, PlacementSearchRegistry.IsAffordable(layers, limit));
        var kept = PlacementSearchRegistry.Affordable(PlacementSearchRegistry.Names, layers, limit);
        Assert.Equal(affordable, kept.Contains(PlacementSearchNames.Exhaustive));
        Assert.Equal(PlacementSearchRegistry.Names.Where(n => n != PlacementSearchNames.Exhaustive),
            kept.Where(n => n != PlacementSearchNames.Exhaustive));
    }

    [Fact]
    public void AffordableRejectsUnknownNames() =>
        Assert.Throws<ArgumentException>(() => PlacementSearchRegistry.Affordable(["rl", "annealing"], 3));

    [Fact]
    public void TheRuleAgreesWithWhatExhaustiveSearchAccepts()
    {
        int largest = Enumerable.Range(1, 20).Last(l => PlacementSearchRegistry.IsAffordable(l));
        var sensitivities = Enumerable.Repeat(0.1, largest).ToArray();
        var fits = new PlacementEnvironment(Sites(sensitivities), Table(new double[largest]));
        Assert.Equal(1 << largest, PlacementSearches.Exhaustive(fits).Visited.Count);
        var tooMany = new PlacementEnvironment(Sites([.. sensitivities, 0.1]), Table(new double[largest + 1]));
        Assert.Throws<InvalidOperationException>(() => PlacementSearches.Exhaustive(tooMany));
    }
}
