using CorrectNet.Evaluation;

namespace CorrectNet.Tests.Evaluation;

/// <summary>Spearman's ρ (docs/method.md F38's validation) against hand-computed values.</summary>
public sealed class RankCorrelationTests
{
    [Fact]
    public void MonotoneOrdersGiveOneAndMinusOne()
    {
        Assert.Equal(1, RankCorrelation.Spearman([1, 2, 3, 4], [10, 20, 40, 80]), 12);
        Assert.Equal(-1, RankCorrelation.Spearman([1, 2, 3, 4], [8, 4, 2, 1]), 12);
    }

    [Fact]
    public void TiesShareTheirMeanRank()
    {
        Assert.Equal([1, 2.5, 2.5, 4], RankCorrelation.Ranks([0.1, 0.5, 0.5, 0.9]));
        // x ranks 1..5, y ranks 2, 1, 4, 3, 5: Σd² = 4, ρ = 1 − 6·4 / (5·24) = 0.8 (no ties: the textbook formula).
        Assert.Equal(0.8, RankCorrelation.Spearman([1, 2, 3, 4, 5], [0.2, 0.1, 0.4, 0.3, 0.5]), 12);
    }

    [Fact]
    public void ConstantSideGivesNaN() => Assert.True(double.IsNaN(RankCorrelation.Spearman([1, 2, 3], [5, 5, 5])));
}
