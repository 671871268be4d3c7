using CorrectNet.Quantization;

namespace CorrectNet.Tests.Quantization;

/// <summary>The cheapest uniform setting within the bound (docs/method.md F34a) on the synthetic four-layer problem.
/// </summary>
public sealed class UniformBaselineTests
{
    private static readonly QuantizationSpace Space = QuantizationSpace.Default;

    /// <summary>Without jitter accuracy only rises with ADC bits, so bisection must find what brute force finds.
    /// </summary>
    [Fact]
    public void FindsTheCheapestUniformSettingThatBruteForceFinds()
    {
        var calls = 0;
        var objectives = new SearchObjectives(SyntheticProblem.Costs.Reference(), new SettingEvaluator(s =>
        {
            calls++;
            return SyntheticProblem.Accuracy(s, jitter: false);
        }), SyntheticProblem.Costs.TotalPicojoules, maxDrop: 0.01);
        double bound = objectives.Evaluate(objectives.Reference).Accuracy - 0.01;
        var layers = objectives.Reference.Layers.Select(l => l.Layer).ToList();
        var brute = (from cell in Enumerable.Range(1, 4)
                     from adc in Enumerable.Range(Space.MinAdcBits, LosslessAdc.Bits(cell, 128, 8) - 2)
                     let setting = QuantizationSetting.Uniform(layers, 8, cell, adc, 8)
                     where SyntheticProblem.Accuracy(setting, jitter: false) >= bound
                     orderby SyntheticProblem.Costs.TotalPicojoules(setting)
                     select setting).First();
        calls = 0;

        var found = UniformBaseline.Search(objectives, bound, rows: 128);

        Assert.Equal(brute, found.Setting);
        Assert.True(found.Accuracy >= bound);
        // The need of the hungriest layer (f2: 11 bits) costs 0.004 per missing bit squared, so 10 bits pass.
        Assert.All(found.Setting.Layers, l => Assert.Equal(10, l.AdcBits));
        // Bisection: at most ⌈log2(15)⌉ + 1 evaluations per bits-per-cell value, not 15.
        Assert.InRange(calls, 4, 4 * 5);
    }

    /// <summary>Accuracy that contradicts monotonicity in b_adc gives the bisection's answer, not the cheapest
    /// passing setting: the baseline assumes what F34a states and nothing more.</summary>
    [Fact]
    public void TheBisectionTakesAccuracyAsNonDecreasingInAdcBits()
    {
        var objectives = new SearchObjectives(SyntheticProblem.Costs.Reference(),
            new SettingEvaluator(s => s.Layers[0].AdcBits == 10 ? 0.1 : 0.9), SyntheticProblem.Costs.TotalPicojoules,
            maxDrop: 0.01);
        var fewest = UniformBaseline.Candidates(objectives, 0.5, rows: 128)
            .Single(c => c.Setting.Layers[0].BitsPerCell == 2).Setting.Layers[0].AdcBits;
        // Over 3…17 the probes are 10 (fails), 14, 12, 11 (pass): 11, although 3 to 9 would pass too.
        Assert.Equal(11, fewest);
    }

    [Fact]
    public void TheHeldOutCheckKeepsTheCheapestUniformSettingThatHoldsThere()
    {
        var reference = SyntheticProblem.Costs.Reference();
        var layers = reference.Layers.Select(l => l.Layer).ToList();
        QuantizationCandidate Candidate(int cell, int adc)
        {
            var setting = QuantizationSetting.Uniform(layers, 8, cell, adc, 8);
            return new QuantizationCandidate(setting, 0.9, SyntheticProblem.Costs.TotalPicojoules(setting));
        }
        // On the search's chips 4 bits per cell passed at 6 ADC bits (the cheapest), 2 bits per cell at 9.
        var candidates = new[] { Candidate(4, 6), Candidate(2, 9) };
        // Held out, 4 bits per cell never holds, not even with its lossless ADC; 2 bits per cell from 12 ADC bits.
        double HeldOut(QuantizationSetting s) =>
            s.Layers[0].BitsPerCell == 2 && s.Layers[0].AdcBits >= 12 ? 0.9 : 0.5;

        var kept = UniformBaseline.HoldOut(candidates, reference, HeldOut, SyntheticProblem.Costs.TotalPicojoules,
            heldOutBound: 0.89, rows: 128, Space);

        Assert.Equal(QuantizationSetting.Uniform(layers, 8, 2, 12, 8), kept);
        Assert.Equal(reference, UniformBaseline.HoldOut(candidates, reference, _ => 0.5,
            SyntheticProblem.Costs.TotalPicojoules, 0.89, 128, Space)); // nothing holds: the reference
        Assert.Equal(candidates[0].Setting, UniformBaseline.HoldOut(candidates, reference, _ => 0.9,
            SyntheticProblem.Costs.TotalPicojoules, 0.89, 128, Space)); // everything holds: the cheapest as it was
        // Few held-out chips: 7 bits hold, 8 to 12 do not. The walk keeps 7 (a bisection over 6…17 would not).
        double Noisy(QuantizationSetting s) => s.Layers[0].AdcBits == 7 || s.Layers[0].AdcBits > 12 ? 0.9 : 0.5;
        Assert.Equal(QuantizationSetting.Uniform(layers, 8, 2, 7, 8), UniformBaseline.HoldOut([Candidate(2, 6)],
            reference, Noisy, SyntheticProblem.Costs.TotalPicojoules, 0.89, 128, Space));
    }
}
