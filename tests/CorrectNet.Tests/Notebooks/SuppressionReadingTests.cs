using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

/// <summary>Notebook 02's reading on small synthetic sweeps (σ = 0, 0.5, 1; one chip per point).</summary>
public sealed class SuppressionReadingTests
{
    private const string Net = "LeNet-5";

    /// <summary>One method's series: clean accuracy, then the mean at σ = 0.5 and at σ = 1.</summary>
    private static IEnumerable<CurvePoint> Method(string method, double clean, double half, double one)
    {
        string series = SuppressionReading.Series(Net, method);
        return [Point(series, 0, clean, clean), Point(series, 0.5, clean, half), Point(series, 1.0, clean, one)];
    }

    private static CurvePoint Point(string series, double sigma, double clean, double mean) =>
        new(series, $"σ = {sigma}", sigma, CrossbarConfig.Lognormal(sigma),
            new MonteCarloResult(series, 1, 0, [mean], clean, null), false, 0);

    /// <summary>Plain keeps 60% of 90% at σ = 0.5 and 30% at σ = 1: less than half first at σ = 1.</summary>
    private static List<CurvePoint> Sweep(double enhancedClean = 0.89, double enhancedAtOne = 0.42) =>
    [
        .. Method(SuppressionMethods.Plain, 0.90, 0.60, 0.30),
        .. Method(SuppressionMethods.VariationAware, 0.80, 0.75, 0.50),
        .. Method(SuppressionMethods.Parseval, 0.90, 0.61, 0.31),
        .. Method(SuppressionMethods.Enhanced, enhancedClean, 0.70, enhancedAtOne),
        .. Method(SuppressionMethods.EnhancedVariationAware, 0.78, 0.80, 0.55),
    ];

    [Fact]
    public void C2HoldsWhenEnhancedKeepsMarkedlyMoreAtASmallCleanCost()
    {
        var lines = SuppressionReading.Comparison(Sweep(), Net);

        Assert.Equal(3, lines.Count);
        Assert.Equal("LeNet-5. Plain training first keeps less than half of its 90.0% at σ = 1: plain 30.0%, " +
                     "variation-aware 50.0% (+20.0 points), parseval 31.0% (+1.0 points), enhanced 42.0% " +
                     "(+12.0 points), enhanced + variation-aware 55.0% (+25.0 points).", lines[0]);
        Assert.Equal("LeNet-5, without variation: plain 90.0%, variation-aware 80.0% (-10.0 points), parseval " +
                     "90.0% (0.0 points), enhanced 89.0% (-1.0 points), enhanced + variation-aware 78.0% " +
                     "(-12.0 points).", lines[1]);
        Assert.Equal("C2 holds for LeNet-5: enhanced keeps 42.0% at σ = 1 against 30.0% for plain (+12.0 points; " +
                     "needs ≥ +5) and loses 1.0 points without variation (allowed: a loss ≤ 2).", lines[2]);
    }

    [Fact]
    public void C2DoesNotHoldOnASmallGain()
    {
        string verdict = SuppressionReading.Comparison(Sweep(enhancedAtOne: 0.33), Net)[2];

        Assert.StartsWith("C2 does not hold for LeNet-5 (less than +5 points under variation): enhanced keeps 33.0% " +
                          "at σ = 1 against 30.0% for plain (+3.0 points;", verdict);
    }

    [Fact]
    public void C2DoesNotHoldOnALargeCleanCost()
    {
        string verdict = SuppressionReading.Comparison(Sweep(enhancedClean: 0.85), Net)[2];

        Assert.StartsWith("C2 does not hold for LeNet-5 (more than 2 points lost without it): ", verdict);
        Assert.Contains("loses 5.0 points without variation", verdict);
    }

    [Fact]
    public void WithoutAHalvingThePlainTrainingIsComparedAtTheHighestSigma()
    {
        var sweep = Sweep().Where(p => p.Series != SuppressionReading.Series(Net, SuppressionMethods.Plain))
            .Concat(Method(SuppressionMethods.Plain, 0.90, 0.80, 0.50)).ToList();

        var lines = SuppressionReading.Comparison(sweep, Net);

        Assert.StartsWith("LeNet-5. Plain training keeps at least half of its 90.0% at every σ; compared at the " +
                          "highest, σ = 1: plain 50.0%,", lines[0]);
        Assert.StartsWith("C2 does not hold for LeNet-5 (less than +5 points under variation): ", lines[2]);
    }

    [Fact]
    public void AMissingEnhancedTrainingIsNamedInsteadOfAVerdict()
    {
        string enhanced = SuppressionReading.Series(Net, SuppressionMethods.Enhanced);
        var sweep = Sweep().Where(p => p.Series != enhanced).ToList();

        Assert.Equal(
            ["C2 cannot be read for LeNet-5: its enhanced training is not in this run (diverged or left out)."],
            SuppressionReading.Comparison(sweep, Net));
    }

    [Fact]
    public void VariationAwareIsComparedWithEnhancedUnderVariationAndWithPlainWithout()
    {
        Assert.Equal("LeNet-5, trained on chips at the design σ: variation-aware: 75.0% at σ = 0.5 (+5.0 points " +
                     "against enhanced), 80.0% without variation (-10.0 points against plain); enhanced + " +
                     "variation-aware: 80.0% at σ = 0.5 (+10.0 points against enhanced), 78.0% without variation " +
                     "(-12.0 points against plain).",
            SuppressionReading.VariationAware(Sweep(), Net, 0.5));
    }

    [Fact]
    public void AmplificationGivesTheGrowthFromFirstLayerToOutputPerMethod()
    {
        var curves = new Dictionary<string, IReadOnlyList<LayerError>>
        {
            [SuppressionReading.Series(Net, SuppressionMethods.Plain)] =
                [new("conv1", 1, 0.20), new("conv2", 2, 0.40), new("fc3", 3, 0.68)],
            [SuppressionReading.Series(Net, SuppressionMethods.Enhanced)] =
                [new("conv1", 1, 0.30), new("conv2", 2, 0.31), new("fc3", 3, 0.33)],
        };

        Assert.Equal("LeNet-5, relative feature error at σ = 0.5 from the first analog layer to the output: " +
                     "plain 3.4× (0.20 → 0.68), enhanced 1.1× (0.30 → 0.33).",
            SuppressionReading.Amplification(curves, Net, 0.5));
    }

    [Fact]
    public void BetaTradeOffIsOrderedByBetaAndPricedAgainstPlain()
    {
        List<(double Beta, double Clean, double UnderVariation)> tradeOff =
            [(0.01, 0.86, 0.72), (0.001, 0.89, 0.70)];

        Assert.Equal("β trade-off (LeNet-5, enhanced): β = 0.001: 89.0% clean (-1.0 points against plain), 70.0% at " +
                     "σ = 0.5; β = 0.01: 86.0% clean (-4.0 points against plain), 72.0% at σ = 0.5.",
            SuppressionReading.BetaTradeOff(tradeOff, Sweep(), Net, 0.5));
    }

    [Fact]
    public void TheWholeReadingHasOneBlockPerNetworkAndTheTradeOff()
    {
        var lines = SuppressionReading.Of(Sweep(), [Net], new Dictionary<string, IReadOnlyList<LayerError>>(), 0.5,
            [(0.001, 0.89, 0.70)]);

        Assert.Equal(6, lines.Count);
        Assert.StartsWith("C2 holds for LeNet-5:", lines[2]);
        Assert.Equal("LeNet-5: no error-amplification curve.", lines[4]);
        Assert.StartsWith("β trade-off (LeNet-5, enhanced): β = 0.001:", lines[5]);
    }
}
