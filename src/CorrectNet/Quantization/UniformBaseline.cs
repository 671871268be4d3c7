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
    /// <param name="objectives">The search's objectives: evaluator (same chips, cached), energy, space and
    /// reference.</param>
    /// <param name="bound">Accuracy every uniform candidate must reach (the search's bound).</param>
    /// <param name="rows">Crossbar rows R of the lossless ADC (F18).</param>
    /// <returns>The cheapest passing uniform setting; the reference when none cheaper passes.</returns>
    public static QuantizationCandidate Search(SearchObjectives objectives, double bound, int rows)
    {
        using var stage = StageClock.Enter(Stage.Searches);
        var space = objectives.Space;
        var reference = objectives.Reference;
        var first = reference.Layers[0];
        var layers = reference.Layers.Select(l => l.Layer).ToList();
        QuantizationCandidate best = objectives.Evaluate(reference);
        int maxCell = Math.Min(space.MaxBitsPerCell, first.WeightBits - 1);
        for (int cell = space.MinBitsPerCell; cell <= maxCell; cell++)
        {
            int high = Math.Min(space.MaxAdcBits, LosslessAdc.Bits(cell, rows, first.InputBits));
            int low = space.MinAdcBits;
            QuantizationCandidate At(int adcBits) => objectives.Evaluate(
                QuantizationSetting.Uniform(layers, first.WeightBits, cell, adcBits, first.InputBits));
            if (high < low || At(high).Accuracy < bound) continue;
            while (low < high)
            {
                int mid = (low + high) / 2;
                if (At(mid).Accuracy >= bound) high = mid;
                else low = mid + 1;
            }
            var passing = At(high);
            if (passing.EnergyPicojoules < best.EnergyPicojoules) best = passing;
        }
        return best;
    }

    /// <summary>
    /// The uniform choice re-checked on held-out chips like the search's (F33b): its ADC bits rise one at a time until
    /// its held-out accuracy is ≥ <paramref name="heldOutBound"/> (the lossless ADC always ends the walk).
    /// </summary>
    public static QuantizationSetting HoldOut(QuantizationSetting uniform, Func<QuantizationSetting, double> heldOut,
        double heldOutBound, int rows, QuantizationSpace space)
    {
        // the re-check's evaluations belong to the baseline's search
        using var stage = StageClock.Enter(Stage.Searches);
        var layer = uniform.Layers[0];
        int lossless = Math.Min(space.MaxAdcBits, LosslessAdc.Bits(layer.BitsPerCell, rows, layer.InputBits));
        var layers = uniform.Layers.Select(l => l.Layer).ToList();
        var setting = uniform;
        for (int bits = layer.AdcBits; bits < lossless && heldOut(setting) < heldOutBound; bits++)
            setting = QuantizationSetting.Uniform(layers, layer.WeightBits, layer.BitsPerCell, bits + 1,
                layer.InputBits);
        return setting;
    }
}
