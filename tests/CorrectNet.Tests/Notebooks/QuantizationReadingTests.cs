using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Results;
using CorrectNet.Notebooks;
using CorrectNet.Quantization;

namespace CorrectNet.Tests.Notebooks;

/// <summary>Notebook 06's reading on hand-made studies: the numbers it prints and its verdicts.</summary>
public class QuantizationReadingTests
{
    private const string Net = "Net";
    private const double Delta = 0.01;
    private static readonly string[] Layers = ["conv1", "fc1"];
    /// <summary>Conversions per inference of each layer at 4 slices (the reference's).</summary>
    private static readonly long[] Conversions = [1000, 3000];

    /// <summary>E(b) = 10 fJ · 2^b per conversion (F19), in pJ.</summary>
    private static double Conversion(int bits) => 0.01 * Math.Pow(2, bits);

    private static QuantizationSetting Uniform(int adcBits, int bitsPerCell = 2) =>
        QuantizationSetting.Uniform(Layers, 8, bitsPerCell, adcBits, 8);

    /// <summary>The cost of a uniform setting; conversions scale with the slices (4 at 2 bits per cell).</summary>
    private static SettingCost Cost(QuantizationSetting setting) => new(
        [.. setting.Layers.Select((l, i) => Layer(l, Conversions[i] * l.Slices / 4))], 1000);

    private static AdcLayerEnergy Layer(LayerQuantization layer, long conversions) =>
        new(layer.Layer, layer.AdcBits, conversions, conversions * Conversion(layer.AdcBits));

    private static QuantizationCandidate Candidate(QuantizationSetting setting, double accuracy) =>
        new(setting, accuracy, Cost(setting).TotalPicojoules);

    private static MonteCarloResult Unseen(double accuracy) =>
        new("unseen", 2, 0, [accuracy, accuracy, accuracy], 0.9, null);

    /// <summary>Reference 17-bit, the search's choice 9-bit; held out, it holds or falls back to 13 bits.</summary>
    private static QuantizationStudy Study(
        double keptUnseen = 0.699, bool retreat = false, QuantizationSetting? choice = null)
    {
        var reference = Candidate(Uniform(17), 0.72);
        var own = Candidate(choice ?? Uniform(9), 0.716);
        var fallback = Candidate(Uniform(13), 0.718);
        var kept = retreat ? fallback : own;
        var search = new QuantizationSearchResult(GreedyBitReduction.Name, reference, kept, 0.715, [reference, own],
            [reference, fallback, own], 42, [fallback, own]);
        var held = retreat
            ? new HeldOutChoice(fallback, own, 0.695, 0.70, 0.695,
                [(own, 0.60), (fallback, 0.695), (reference, 0.70)])
            : new HeldOutChoice(own, own, 0.698, 0.70, 0.695, [(own, 0.698), (reference, 0.70)]);
        return new QuantizationStudy(search, Cost(reference.Setting), Cost(kept.Setting), Unseen(0.70),
            Unseen(keptUnseen), null, held, 1);
    }

    private static CurvePoint Noise(double lsb, double accuracy) =>
        new("x", $"{lsb} LSB", lsb, CrossbarConfig.Rram(0.5),
            new MonteCarloResult("noise", 2, 0, [accuracy], 0.9, null), false, 0);

    [Fact]
    public void C4HoldsWhenTheSavingIsLargeAndTheLossWithinDelta()
    {
        var lines = QuantizationReading.Study(Net, Study(), Delta);
        Assert.Equal("Net: the search (greedy, 42 settings evaluated) chose ADC 9 bits in every layer, 4 slices in "
                     + "every layer, weights 8 bits in every layer: 71.6% on its chips against the reference's 72.0% "
                     + "(bound 71.5%), 99.6% less ADC energy.", lines[0]);
        Assert.Equal("  on the validation chips the search's choice holds: 69.8% against the reference's 70.0% "
                     + "(bound 69.5%); 2 settings checked.", lines[1]);
        // 4000 conversions: 4000 · 0.01 pJ · 2^17 = 5.24 µJ, at 9 bits 20.5 nJ.
        Assert.Contains("ADC energy per inference 5.24 µJ → 20.5 nJ, 99.6% less", lines[2], StringComparison.Ordinal);
        Assert.Equal("  of the 5.22 µJ saved, the ADC bits save 5.22 µJ and the number of conversions 0 nJ (the kept "
                     + "conversions at the reference's ADC bits: 5.24 µJ); most comes from the ADC bits, which the "
                     + "lossless reference sets finer than variation and ADC noise let the network use.", lines[3]);
        Assert.Equal("  on 3 unseen chips (seed 2): reference 70.0%, kept 69.9%, loss 0.1 points (δ = 1 point).",
            lines[4]);
        Assert.Equal("  C4 holds for Net: against the lossless reference the kept setting saves 99.6% of ADC energy "
                     + "(≥ 55%) within δ on unseen chips.",
            lines[^1]);
    }

    [Fact]
    public void C4DoesNotHoldWhenTheUnseenLossExceedsDelta()
    {
        var lines = QuantizationReading.Study(Net, Study(keptUnseen: 0.68), Delta);
        Assert.Equal("  C4 does not hold for Net: it loses 2.0 points on unseen chips (> δ).", lines[^1]);
    }

    [Fact]
    public void C4DoesNotHoldWhenTheSavingIsSmall()
    {
        // 16 of 17 bits: half the energy, 50% < 55%.
        var lines = QuantizationReading.Study(Net, Study(choice: Uniform(16)), Delta);
        Assert.Equal("  C4 does not hold for Net: against the lossless reference the kept setting saves only 50% of "
                     + "ADC energy (< 55%).", lines[^1]);
    }

    [Fact]
    public void AKeptUniformSettingIsSaidBeforeTheKeptLine()
    {
        var lines = QuantizationReading.Study(Net, Study(retreat: true) with { KeptUniform = true }, Delta);
        Assert.Equal("  the cheapest uniform setting within the bound (F34a) also holds there and costs less, so it "
                     + "is kept instead.", lines[2]);
        Assert.StartsWith("  kept: ", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void ARetreatNamesTheFallAndTheSavingGivenUp()
    {
        var lines = QuantizationReading.Study(Net, Study(retreat: true), Delta);
        Assert.Equal("  on the validation chips the search's choice falls to 60.0% against the reference's 70.0% "
                     + "(bound 69.5%): the check walks back to ADC 13 bits in every layer, 4 slices in every layer, "
                     + "weights 8 bits in every layer at 69.5%, so the saving falls from 99.6% to 93.8% "
                     + "(3 settings checked).", lines[1]);
    }

    [Fact]
    public void ARetreatToTheReferenceSavesNothing()
    {
        var reference = Candidate(Uniform(17), 0.72);
        var own = Candidate(Uniform(9), 0.716);
        var search = new QuantizationSearchResult(GreedyBitReduction.Name, reference, reference, 0.715,
            [reference, own], [reference, own], 2, [own]);
        var held = new HeldOutChoice(reference, own, 0.70, 0.70, 0.695, [(own, 0.60), (reference, 0.70)]);
        var study = new QuantizationStudy(search, Cost(reference.Setting), Cost(reference.Setting), Unseen(0.70),
            Unseen(0.70), null, held, 1);
        var lines = QuantizationReading.Study(Net, study, Delta);
        Assert.Contains("the check walks back to the reference itself at 70.0%, so the saving falls from 99.6% to 0.0%",
            lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  kept: the reference itself; ADC energy per inference 5.24 µJ → 5.24 µJ, 0% less", lines[2],
            StringComparison.Ordinal);
        Assert.Equal("  C4 does not hold for Net: against the lossless reference the kept setting saves only 0% of "
                     + "ADC energy (< 55%).", lines[^1]);
    }

    [Fact]
    public void FewerSlicesAtTheSameBitsAreSavedByConversions()
    {
        // 4 bits per cell: 2 slices instead of 4, ADC bits as the reference's.
        var lines = QuantizationReading.Study(Net, Study(choice: Uniform(17, bitsPerCell: 4)), Delta);
        Assert.EndsWith("most comes from fewer conversions (fewer slices).", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void AdcNoiseVerdictComparesBothLosses()
    {
        var reference = new[] { Noise(0, 0.70), Noise(2, 0.69) };
        Assert.Equal(["Net under ADC noise 0 → 2 LSB on unseen chips: reference 70.0% → 69.0% (loss 1.0 points), "
                      + "kept 70.0% → 60.0% (loss 10.0 points): the kept setting bears ADC noise worse: with fewer "
                      + "ADC bits each LSB of noise is a larger share of its signal."],
            QuantizationReading.AdcNoise(Net, reference, [Noise(2, 0.60), Noise(0, 0.70)], Delta));
        Assert.EndsWith("both bear ADC noise alike (within δ).",
            QuantizationReading.AdcNoise(Net, reference, [Noise(0, 0.70), Noise(2, 0.685)], Delta)[0],
            StringComparison.Ordinal);
    }

    [Fact]
    public void C4IsJudgedAgainstTheCheapestUniformSettingWhenTheStudyHasOne()
    {
        // Uniform 10-bit ADCs: 4000 conversions · 0.01 pJ · 2^10 = 41.0 nJ; the kept 9-bit setting 20.5 nJ, half.
        var study = Study() with { Uniform = new UniformChoice(Uniform(10), Cost(Uniform(10)), Unseen(0.7)) };

        var lines = QuantizationReading.Study(Net, study, Delta);

        Assert.Equal(50, study.AdcPowerReductionVsUniformPct, 9);
        Assert.Equal("  the cheapest uniform setting within the bound (F34a): ADC 10 bits in every layer, 4 slices "
                     + "in every layer, weights 8 bits in every layer, 41.0 nJ per inference, 70.0% on the unseen "
                     + "chips; against it the kept setting saves 50% of ADC energy.", lines[4]);
        Assert.Equal("  C4 does not hold for Net: against the cheapest uniform setting the kept setting saves only 50% "
                     + "of ADC energy (< 55%).", lines[^1]);
        Assert.False(study.MeetsClaim(Delta));
        Assert.True(Study().MeetsClaim(Delta)); // the same study judged against the lossless reference: 99.6%
    }
}
