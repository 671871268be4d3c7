using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Results;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

/// <summary>Notebook 01's reading on small synthetic sweeps whose summaries are worked out by hand.</summary>
public sealed class VariationImpactReadingTests
{
    /// <summary>One series on σ = 0, 0.5, 1: the clean accuracy at σ = 0 (one chip), then the given chips.</summary>
    private static IEnumerable<CurvePoint> Series(string name, double clean, double[] half, double[] one) =>
    [
        Point(name, 0, clean, [clean]),
        Point(name, 0.5, clean, half),
        Point(name, 1.0, clean, one),
    ];

    private static CurvePoint Point(string series, double sigma, double clean, double[] chips) =>
        new(series, $"σ = {sigma}", sigma, CrossbarConfig.Lognormal(sigma),
            new MonteCarloResult(series, 1, 0, chips, clean, null), false, 0);

    // LeNet-5: 90% clean, 72% at σ = 0.5, 30% at σ = 1. 10% lost at 0.5·(0.90 − 0.81)/(0.90 − 0.72) = 0.25,
    // half at 0.5 + 0.5·(0.72 − 0.45)/(0.72 − 0.30) ≈ 0.82.
    private static IEnumerable<CurvePoint> Shallow => Series("LeNet-5", 0.90, [0.70, 0.74], [0.20, 0.40]);

    // VGG-16: 93% clean, 40% at σ = 0.5, 9% at σ = 1 (worst chip 6%). 10% lost at 0.5·0.093/0.53 ≈ 0.09,
    // half at 0.5·0.465/0.53 ≈ 0.44.
    private static IEnumerable<CurvePoint> Deep => Series("VGG-16", 0.93, [0.38, 0.42], [0.06, 0.12]);

    [Fact]
    public void C1HoldsWhenTheDeeperNetworkCollapsesFirst()
    {
        var lines = VariationImpactReading.Claims(VariationSummary.Of(Shallow.Concat(Deep)), "LeNet-5", "VGG-16");

        Assert.Equal(3, lines.Count);
        Assert.Equal("Sharp degradation holds: at σ = 1 LeNet-5 keeps 30.0% of 90.0%, VGG-16 9.0% of 93.0%.", lines[0]);
        Assert.Equal("The deeper network suffers more: holds. Half of the accuracy is lost at σ ≈ 0.44 by VGG-16 and " +
                     "at σ ≈ 0.82 by LeNet-5; 10% at σ ≈ 0.09 and σ ≈ 0.25 (VGG-16 first); retained at the highest " +
                     "σ: 9.7% against 33.3%.", lines[1]);
        Assert.Equal("As low as 1.69%: the lowest mean at σ = 1 is 9.0% (at or below the 10.0% of guessing); the " +
                     "worst single chip gets 6.0%, so no chip reaches the paper's 1.69%.", lines[2]);
    }

    [Fact]
    public void C1DoesNotHoldWhenTheDeeperNetworkDegradesLess()
    {
        // The "deep" network keeps 80% and 60% of 90%: no sharp degradation, and it never loses half.
        var robust = Series("VGG-16", 0.90, [0.80, 0.80], [0.59, 0.61]);
        var lines = VariationImpactReading.Claims(VariationSummary.Of(Shallow.Concat(robust)), "LeNet-5", "VGG-16");

        Assert.StartsWith("Sharp degradation does not hold: ", lines[0]);
        Assert.StartsWith("The deeper network suffers more: does not hold. Half of the accuracy is lost at no σ up " +
                          "to 1 by VGG-16 and at σ ≈ 0.82 by LeNet-5;", lines[1]);
        Assert.Contains("(LeNet-5 first)", lines[1]);
    }

    [Fact]
    public void AChipAtThePapersLowestIsReported()
    {
        var collapsed = Series("VGG-16", 0.93, [0.38, 0.42], [0.016, 0.20]);
        var lines = VariationImpactReading.Claims(VariationSummary.Of(Shallow.Concat(collapsed)), "LeNet-5", "VGG-16");

        Assert.Contains("the lowest mean at σ = 1 is 10.8% (above the 10.0% of guessing)", lines[2]);
        Assert.Contains("the worst single chip gets 1.6%, so a chip reaches the paper's 1.69%.", lines[2]);
    }

    [Fact]
    public void AMissingNetworkIsNamedInsteadOfAVerdict()
    {
        var lines = VariationImpactReading.Claims(VariationSummary.Of(Shallow), "LeNet-5", "VGG-16");

        Assert.Equal(["C1 cannot be checked: VGG-16 is not in this run (diverged or left out)."], lines);
    }

    [Fact]
    public void DetailsGiveEachNetworksDeclineAndEachCurvesGrowth()
    {
        var curves = new Dictionary<string, IReadOnlyList<LayerError>>
        {
            ["VGG-16, σ = 0.5"] = [new("conv1", 1, 0.5), new("conv2", 2, 1.2), new("conv3", 3, 2.5), new("fc", 4, 1.5)],
        };
        var lines = VariationImpactReading.Details(Shallow.Concat(Deep).ToList(), curves);

        Assert.Equal(3, lines.Count);
        Assert.Equal("LeNet-5: 90.0% without variation; mean 72.0% at σ = 0.5 and 30.0% at σ = 1 over 2 chips " +
                     "(worst chip 20.0%); loses 10% of its accuracy at σ ≈ 0.25, half at σ ≈ 0.82; above guessing " +
                     "level (> 12.0%) at every σ.", lines[0]);
        Assert.EndsWith("at guessing level (≤ 12.0%) from σ = 1 on.", lines[1]);
        Assert.Equal("VGG-16, σ = 0.5: e = 0.50 after layer 1 (conv1), peak 2.50 after layer 3 (conv3, 5.0×), 1.50 " +
                     "after the last, layer 4 (fc, 3.0×); the error is larger than the signal (e > 1) from layer 2 " +
                     "(conv2) on.", lines[2]);
    }

    [Fact]
    public void AmplificationSaysWhenTheErrorStaysBelowTheSignal()
    {
        string text = VariationImpactReading.Amplification([new("conv1", 1, 0.2), new("fc", 2, 0.3)]);

        Assert.Equal("e = 0.20 after layer 1 (conv1), 0.30 after the last, layer 2 (fc, 1.5×, the peak); the error " +
                     "stays smaller than the signal (e ≤ 1) throughout", text);
    }
}
