namespace CorrectNet.Quantization;

/// <summary>
/// Greedy bit reduction from the cheapest uniform setting (docs/method.md F33) [ours]. First the uniform baseline of
/// F34a: for each b_c, the fewest shared ADC bits within the bound (<see cref="UniformBaseline"/>); the cheapest is
/// the start, so the search can only improve on what a designer would build without it. Then layer by layer, least
/// sensitive first, one ADC bit fewer at a time while the accuracy holds. Sensitivity of layer l = the accuracy lost
/// at the start when only l's ADC drops one bit (ties: the larger saving first). Every per-layer move changes ADC bits
/// only, so it keeps each chip's device and noise draws and is compared pairwise with the current setting; b_c and b_w
/// stay the start's, because a b_c move re-maps cells onto other devices (F33, pairing). A move is kept only when it
/// lowers E_ADC and its accuracy stays ≥ reference accuracy − δ on the evaluator's chips, so the returned setting never
/// falls below the bound there.
/// </summary>
/// <param name="Rows">Crossbar rows R, which set each b_c's lossless ADC (F18) for the uniform start.</param>
public sealed record GreedyBitReduction(int Rows)
{
    public const string Name = "greedy";

    /// <summary>Passes over all layers (a later pass retries moves an earlier one refused).</summary>
    public int Passes { get; init; } = 1;

    public QuantizationSearchResult Search(SearchObjectives objectives)
    {
        using var stage = StageClock.Enter(Stage.Searches);
        if (Passes < 1) throw new ArgumentOutOfRangeException(nameof(Passes), Passes, "At least one pass.");
        if (Rows < 1) throw new ArgumentOutOfRangeException(nameof(Rows), Rows, "At least one crossbar row.");
        var space = objectives.Space;
        var reference = objectives.Evaluate(objectives.Reference);
        double bound = reference.Accuracy - objectives.MaxDrop;

        // The uniform start: every passing uniform candidate cheaper than the reference, costliest first, so the
        // path the held-out check walks back along (F33b) runs reference → uniform candidates → per-layer moves.
        var uniforms = UniformBaseline.Candidates(objectives, bound, Rows)
            .Where(c => c.EnergyPicojoules < reference.EnergyPicojoules)
            .OrderByDescending(c => c.EnergyPicojoules)
            .ToList();
        var path = new List<QuantizationCandidate> { reference };
        path.AddRange(uniforms);
        var current = path[^1];

        QuantizationSetting OneBitLess(LayerQuantization layer) =>
            current.Setting.With(layer with { AdcBits = layer.AdcBits - 1 });
        bool CanLower(LayerQuantization layer) => layer.AdcBits - 1 >= space.MinAdcBits;

        var start = current;
        var order = start.Setting.Layers
            .Where(CanLower)
            .Select(l => (
                Layer: l.Layer,
                Drop: start.Accuracy - objectives.Evaluate(OneBitLess(l)).Accuracy,
                Saving: start.EnergyPicojoules - objectives.Energy(OneBitLess(l))))
            .OrderBy(s => s.Drop)
            .ThenByDescending(s => s.Saving)
            .ThenBy(s => s.Layer, StringComparer.Ordinal)
            .Select(s => s.Layer).ToList();

        for (int pass = 0; pass < Passes; pass++)
        {
            foreach (string name in order)
            {
                while (CanLower(current.Setting[name]))
                {
                    var setting = OneBitLess(current.Setting[name]);
                    if (objectives.Energy(setting) >= current.EnergyPicojoules) break;
                    var candidate = objectives.Evaluate(setting);
                    if (candidate.Accuracy < bound) break;
                    current = candidate;
                    path.Add(candidate);
                }
            }
        }
        return objectives.Result(Name, reference, bound, path);
    }
}
