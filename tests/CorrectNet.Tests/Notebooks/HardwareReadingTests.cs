using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

/// <summary>Notebook 05's reading on hand-made sweeps: the numbers it prints and its verdicts.</summary>
public class HardwareReadingTests
{
    private const string Net = "Net";
    private static readonly double[] Sigmas = [0, 0.3];

    /// <summary>Net's point of a knob at value x and σ: chip accuracies (fractions), ADC energy in pJ.</summary>
    private static CurvePoint Point(
        HardwareKnob knob, double sigma, double x, double[] chips, double? picojoules = null) =>
        new(HardwareReading.Series(Net, sigma), knob.Label(x), x, knob.Apply(CrossbarConfig.Rram(sigma), x),
            new MonteCarloResult("test", 1, 0, chips, 0.9, picojoules), false, 0);

    /// <summary>ADC bits 4 and 8: 16× the energy over 4 bits, 40 points apart at σ = 0.</summary>
    private static (HardwareKnob, IReadOnlyList<CurvePoint>) AdcBits(
        double fourBitsWithVariation = 0.45, double chipSpread = 0.02)
    {
        var knob = HardwareKnobs.AdcBits([4, 8]);
        double[] fourBits = [fourBitsWithVariation - chipSpread / 2, fourBitsWithVariation + chipSpread / 2];
        return (knob, [
            Point(knob, 0, 4, [0.50], 1_000), Point(knob, 0, 8, [0.90], 16_000),
            Point(knob, 0.3, 4, fourBits, 1_000),
            Point(knob, 0.3, 8, [0.84, 0.86], 16_000),
        ]);
    }

    /// <summary>Bits per cell: exact, half a point apart at σ = 0; at σ = 0.3 clearly apart or overlapping.</summary>
    private static (HardwareKnob, IReadOnlyList<CurvePoint>) BitsPerCell(bool apartWithVariation)
    {
        var knob = HardwareKnobs.BitsPerCell([1, 4]);
        double[] four = apartWithVariation ? [0.700, 0.702] : [0.70, 0.90];
        return (knob, [
            Point(knob, 0, 1, [0.900], 8_000), Point(knob, 0, 4, [0.905], 2_000),
            Point(knob, 0.3, 1, [0.850, 0.852], 8_000), Point(knob, 0.3, 4, four, 2_000),
        ]);
    }

    private static (HardwareKnob, IReadOnlyList<CurvePoint>) AdcNoise()
    {
        var knob = HardwareKnobs.AdcNoise([0, 2]);
        return (knob, [
            Point(knob, 0, 0, [0.90]), Point(knob, 0, 2, [0.70, 0.72]),
            Point(knob, 0.3, 0, [0.85, 0.86]), Point(knob, 0.3, 2, [0.60, 0.62]),
        ]);
    }

    private static IReadOnlyList<string> Read(params (HardwareKnob, IReadOnlyList<CurvePoint>)[] results) =>
        HardwareReading.Lines(results, [Net], Sigmas);

    [Fact]
    public void SeriesNamesNetworkAndSigma() =>
        Assert.Equal("LeNet-5, σ = 0.3", HardwareReading.Series("LeNet-5", 0.3));

    [Fact]
    public void AKnobMattersWhenItsExtremesAreAPointApartAndTheirIntervalsDisjoint()
    {
        var lines = Read(AdcBits());
        Assert.Contains("    σ = 0: ADC 4 b 50.0%, ADC 8 b 90.0% → matters (best ADC 8 b, worst ADC 4 b, "
                        + "40.0 points apart, 95% CIs apart)", lines);
        Assert.Contains("    ADC energy per inference: ADC 4 b 1 nJ, ADC 8 b 16.0 nJ "
                        + "(×16.00 from lowest to highest, ×2.00 per bit)", lines);
        Assert.Contains("    σ = 0: the fewest ADC bits within 1 point of the best: ADC 8 b (90.0%; best 90.0%)",
            lines);
    }

    [Fact]
    public void OverlappingIntervalsOrASmallSpreadDoNotMatter()
    {
        var lines = Read(BitsPerCell(apartWithVariation: false));
        Assert.Contains("    σ = 0: 1 b/cell 90.0%, 4 b/cell 90.5% → does not matter here (best 4 b/cell, "
                        + "worst 1 b/cell, 0.5 points apart, under 1 point)", lines);
        Assert.Contains("    σ = 0.3: 1 b/cell 85.1%, 4 b/cell 80.0% → does not matter here (best 1 b/cell, "
                        + "worst 4 b/cell, 5.1 points apart, 95% CIs overlap)", lines);
    }

    [Fact]
    public void VariationScoringAboveNoVariationIsFlagged()
    {
        // Two chips 0.2 points apart: 95% CI 55.0 ± 1.3%, clear of 50%.
        Assert.Contains(Read(AdcBits(fourBitsWithVariation: 0.55, chipSpread: 0.002)), l => l.StartsWith(
            "    at ADC 4 b, σ = 0.3 scores above σ = 0 (55.0% vs 50.0%), beyond its 95% CI: variation acts like "
            + "a dither",
            StringComparison.Ordinal));
        // Two chips 2 points apart: 95% CI 55.0 ± 12.7%, which holds 50%.
        Assert.Contains("    at ADC 4 b, σ = 0.3 scores above σ = 0 (55.0% vs 50.0%), within its 95% CI: possibly "
                        + "chip-to-chip noise", Read(AdcBits(fourBitsWithVariation: 0.55)));
        Assert.DoesNotContain(Read(AdcBits()), l => l.Contains("scores above", StringComparison.Ordinal));
    }

    [Fact]
    public void AdcNoiseCostsAreAgainstTheQuietestLevel()
    {
        var lines = Read(AdcNoise());
        Assert.Contains("    σ = 0, against noise 0 LSB: noise 2 LSB costs 19.0 points", lines);
        Assert.Contains("    σ = 0.3, against noise 0 LSB: noise 2 LSB costs 24.5 points", lines);
    }

    [Fact]
    public void C4FirstHalfHoldsWhenCellsNoiseAndAdcBitsAllMatter()
    {
        var lines = Read(BitsPerCell(apartWithVariation: true), AdcBits(), AdcNoise());
        Assert.Equal("Net:", lines[0]);
        Assert.Equal("  C4, first half, holds for Net: bits per cell matter at σ = 0.3; ADC noise matters at "
                     + "σ = 0, 0.3; ADC energy grows with the ADC bits (×2.00 per bit).", lines[^1]);
    }

    [Fact]
    public void C4FirstHalfDoesNotHoldWhenBitsPerCellMatterNowhere()
    {
        var lines = Read(BitsPerCell(apartWithVariation: false), AdcBits(), AdcNoise());
        Assert.Equal("  C4, first half, does not hold for Net: bits per cell matter at no σ swept; ADC noise matters "
                     + "at σ = 0, 0.3; ADC energy grows with the ADC bits (×2.00 per bit).", lines[^1]);
    }

    [Fact]
    public void C4FirstHalfDoesNotHoldWhenAKnobIsMissing()
    {
        var lines = Read(AdcBits(), AdcNoise());
        Assert.StartsWith("  C4, first half, does not hold for Net: bits per cell not swept;", lines[^1],
            StringComparison.Ordinal);
    }
}
