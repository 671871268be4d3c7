using CorrectNet.Experiments.Sweeps;

namespace CorrectNet.Tests.Experiments.Sweeps;

public sealed class SweepGridTests
{
    internal static SweepGrid Small { get; } = new()
    {
        Models = ["lenet5", "mlp"],
        Datasets = ["fashion-mnist", "mnist"],
        Methods = ["plain", "enhanced + variation-aware"],
        Seeds = [1, 2],
        Sigmas = [0, 0.5],
        Profile = "quick",
        Chips = 3,
    };

    [Fact]
    public void CellsRunModelsOutermostThenDatasetsMethodsSeeds()
    {
        var cells = Small.Cells();
        Assert.Equal(16, cells.Count);
        Assert.Equal(Enumerable.Range(0, 16), cells.Select(c => c.Index));
        Assert.Equal("lenet5_fashion-mnist_plain_s1", cells[0].Id);
        Assert.Equal("lenet5_fashion-mnist_plain_s2", cells[1].Id);
        Assert.Equal("lenet5_fashion-mnist_enhanced-variation-aware_s1", cells[2].Id);
        Assert.Equal("lenet5_mnist_plain_s1", cells[4].Id);
        Assert.Equal("mlp_fashion-mnist_plain_s1", cells[8].Id);
        Assert.Equal("mlp_mnist_enhanced-variation-aware_s2", cells[15].Id);
        Assert.All(cells, c => Assert.Equal([0, 0.5], c.Sigmas));
        Assert.Equal(16, cells.Select(c => c.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(20)]
    public void ShardsPartitionTheGrid(int n)
    {
        var cells = Small.Cells();
        var taken = Enumerable.Range(0, n).SelectMany(i => cells.Where(new SweepShard(i,
            n).Contains)).Select(c => c.Index).Order();
        Assert.Equal(cells.Select(c => c.Index), taken);
        Assert.All(cells.Where(new SweepShard(1 % n, n).Contains), c => Assert.Equal(1 % n, c.Index % n));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 1 / 2 ", 1, 2)]
    public void ShardsParse(string text, int index, int count) => Assert.Equal(new SweepShard(index, count),
        SweepShard.Parse(text));

    [Theory]
    [InlineData("2/2", "i must be in 0 … 1")]
    [InlineData("0/0", "n must be at least 1")]
    [InlineData("-1/2", "not of the form i/n")]
    [InlineData("1", "not of the form i/n")]
    [InlineData("a/b", "not of the form i/n")]
    public void BadShardsAreRejected(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepShard.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void TheDefaultRegistryHoldsTheSuppressionMethodsAndTakesNewOnes()
    {
        Assert.Equal(CorrectNet.Experiments.Recipes.SuppressionMethods.All, SweepMethodRegistry.Default.Names);
        var registry = SweepMethodRegistry.WithSuppressionMethods()
            .Register("compensation", _ => throw new NotImplementedException());
        Assert.Equal("compensation", registry.Canonical("Compensation"));
        Assert.Throws<ArgumentException>(() => registry.Register("PLAIN", _ => throw new NotImplementedException()));
        var grid = SweepGridFile.Parse(
            """{"models": "mlp", "datasets": "mnist", "sigmas": 0, "methods": ["compensation"]}""", "g.json",
            methods: registry);
        Assert.Equal(["compensation"], grid.Methods);
        Assert.Throws<InvalidDataException>(() => SweepGridFile.Parse(
            """{"models": "mlp", "datasets": "mnist", "sigmas": 0, "methods": ["compensation"]}""", "g.json"));
    }
}
