namespace CorrectNet.Quantization;

/// <summary>
/// The cheapest uniform setting within the bound (docs/method.md F34a) [ours]: every layer keeps the reference's
/// weight and input bits and shares one b_c and one b_adc. For each b_c of the space (b_c ≤ b_w − 1), the fewest ADC
/// bits whose accuracy on the search's chips stays ≥ the bound, by bisection over b_adc ∈ [MinAdcBits, lossless(b_c)]
/// (accuracy taken as non-decreasing in b_adc); of those, the least ADC energy. It is what a designer would build
/// without a per-layer search, so a per-layer choice must save against it, not only against the lossless reference.
/// </summary>
public static class UniformBaseline
{
    /// <summary>For each b_c, the fewest ADC bits that pass on the search's chips (bisection); cheapest first. Empty
    /// when no uniform setting but the reference passes.</summary>
    /// <param name="objectives">The search's objectives: evaluator (same chips, cached), energy, space and
    /// reference.</param>
    /// <param name="bound">Accuracy every uniform candidate must reach (the search's bound).</param>
    /// <param name="rows">Crossbar rows R of the lossless ADC (F18).</param>
    public static IReadOnlyList<QuantizationCandidate> Candidates(SearchObjectives objectives, double bound, int rows)
    {
        using var stage = StageClock.Enter(Stage.Searches);
        var space = objectives.Space;
        var first = objectives.Reference.Layers[0];
        var candidates = new List<QuantizationCandidate>();
        int maxCell = Math.Min(space.MaxBitsPerCell, first.WeightBits - 1);
        for (int cell = space.MinBitsPerCell; cell <= maxCell; cell++)
        {
            int lossless = Lossless(cell, first.InputBits, rows, space);
            int? fewest = FewestPassing(space.MinAdcBits, lossless,
                bits => objectives.Evaluate(Uniform(objectives.Reference, cell, bits)).Accuracy >= bound);
            if (fewest is int bits) candidates.Add(objectives.Evaluate(Uniform(objectives.Reference, cell, bits)));
        }
        return [.. candidates.OrderBy(c => c.EnergyPicojoules)];
    }

    /// <summary>The cheapest of <see cref="Candidates"/>; the reference when none is cheaper.</summary>
    public static QuantizationCandidate Search(SearchObjectives objectives, double bound, int rows)
    {
        var reference = objectives.Evaluate(objectives.Reference);
        return Candidates(objectives, bound, rows).FirstOrDefault(c => c.EnergyPicojoules < reference.EnergyPicojoules)
               ?? reference;
    }

    /// <summary>
    /// The cheapest uniform setting that also holds on held-out chips (F33b's check applied to the baseline): the
    /// candidates are taken cheapest first; for each, its ADC bits rise one at a time from its own towards its b_c's
    /// lossless ADC until the held-out accuracy is ≥ <paramref name="heldOutBound"/> (a walk, not a bisection: on
    /// few held-out chips accuracy need not rise with every bit; a b_c that never holds is dropped); the walk stops
    /// once no later candidate can be cheaper. The reference ends it when nothing holds.
    /// </summary>
    public static QuantizationSetting HoldOut(
        IReadOnlyList<QuantizationCandidate> candidates,
        QuantizationSetting reference,
        Func<QuantizationSetting, double> heldOut,
        Func<QuantizationSetting, double> energy,
        double heldOutBound,
        int rows,
        QuantizationSpace space)
    {
        // the re-check's evaluations belong to the baseline's search
        using var stage = StageClock.Enter(Stage.Searches);
        var best = reference;
        foreach (var candidate in candidates.OrderBy(c => c.EnergyPicojoules))
        {
            if (candidate.EnergyPicojoules >= energy(best)) break;
            var layer = candidate.Setting.Layers[0];
            int lossless = Lossless(layer.BitsPerCell, layer.InputBits, rows, space);
            for (int bits = layer.AdcBits; bits <= lossless; bits++)
            {
                var setting = Uniform(reference, layer.BitsPerCell, bits);
                if (energy(setting) >= energy(best)) break;
                if (heldOut(setting) < heldOutBound) continue;
                best = setting;
                break;
            }
        }
        return best;
    }

    /// <summary>The smallest b in [low, high] with passes(b), taking passes as monotone in b; null when
    /// passes(high) is false.</summary>
    private static int? FewestPassing(int low, int high, Func<int, bool> passes)
    {
        if (high < low || !passes(high)) return null;
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (passes(mid)) high = mid;
            else low = mid + 1;
        }
        return high;
    }

    private static int Lossless(int bitsPerCell, int inputBits, int rows, QuantizationSpace space) =>
        Math.Min(space.MaxAdcBits, LosslessAdc.Bits(bitsPerCell, rows, inputBits));

    /// <summary>The reference's weight and input bits with <paramref name="bitsPerCell"/> and
    /// <paramref name="adcBits"/> on every layer.</summary>
    private static QuantizationSetting Uniform(QuantizationSetting reference, int bitsPerCell, int adcBits)
    {
        var first = reference.Layers[0];
        return QuantizationSetting.Uniform(reference.Layers.Select(l => l.Layer), first.WeightBits, bitsPerCell,
            adcBits, first.InputBits);
    }
}
