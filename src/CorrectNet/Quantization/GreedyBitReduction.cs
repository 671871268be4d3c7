namespace CorrectNet.Quantization;

/// <summary>
/// Greedy bit reduction ordered by layer sensitivity (docs/method.md F33) [ours]. Sensitivity of layer l = the accuracy
/// lost when only l's ADC drops to <see cref="ProbeAdcBits"/>. First every layer's ADC bits come down together (a
/// step-halving descent: −8, −4, −2, −1 from the current value), since E ∝ 2^b makes the shared excess of the lossless
/// reference the largest saving for the fewest evaluations. Then layers are reduced least sensitive first (ties: the
/// larger ADC energy first). For each layer in turn: first fewer slices S (more bits per cell, then fewer weight bits,
/// one slice at a time), then fewer ADC bits by a step-halving descent (try −8, −4, −2, −1 from the current value).
/// A move is kept only when it lowers E_ADC and its accuracy stays ≥ reference accuracy − δ on the evaluator's chips,
/// so the returned setting never falls below the bound there.
/// </summary>
public sealed record GreedyBitReduction
{
    public const string Name = "greedy";

    /// <summary>ADC bits of the one-layer probe that measures sensitivity (clamped to the space).</summary>
    public int ProbeAdcBits { get; init; } = 5;
    /// <summary>Passes over all layers (a later pass retries moves an earlier one refused).</summary>
    public int Passes { get; init; } = 1;

    public QuantizationSearchResult Search(SearchObjectives objectives)
    {
        using var stage = StageClock.Enter(Stage.Searches);
        if (Passes < 1) throw new ArgumentOutOfRangeException(nameof(Passes), Passes, "At least one pass.");
        var space = objectives.Space;
        var reference = objectives.Evaluate(objectives.Reference);
        double bound = reference.Accuracy - objectives.MaxDrop;
        var current = reference;
        var path = new List<QuantizationCandidate> { reference };

        // Sensitivity: one probe per layer, everything else at the reference.
        int probe = Math.Clamp(ProbeAdcBits, space.MinAdcBits, space.MaxAdcBits);
        var referenceEnergy = reference.Setting.Layers.ToDictionary(l => l.Layer,
            l => objectives.Energy(reference.Setting)
                - objectives.Energy(reference.Setting.With(l with { AdcBits = space.MinAdcBits })));
        var order = reference.Setting.Layers
            .Select(l => (
                Layer: l.Layer,
                Drop: reference.Accuracy
                    - objectives.Evaluate(reference.Setting.With(l with { AdcBits = probe })).Accuracy))
            .OrderBy(s => s.Drop)
            .ThenByDescending(s => referenceEnergy[s.Layer])
            .ThenBy(s => s.Layer, StringComparer.Ordinal)
            .Select(s => s.Layer).ToList();

        bool Try(LayerQuantization proposal) => space.Contains(proposal) && TrySetting([proposal]);

        bool TrySetting(IReadOnlyList<LayerQuantization> proposals)
        {
            var setting = current.Setting;
            foreach (var proposal in proposals) setting = setting.With(proposal);
            if (setting.Equals(current.Setting) || objectives.Energy(setting) >= current.EnergyPicojoules) return false;
            var candidate = objectives.Evaluate(setting);
            if (candidate.Accuracy < bound) return false;
            current = candidate;
            path.Add(candidate);
            return true;
        }

        // All layers' ADC bits together while the accuracy holds.
        int highest = current.Setting.Layers.Max(l => l.AdcBits);
        for (int step = highest - space.MinAdcBits < 1
                ? 0
                : 1 << (int)Math.Floor(Math.Log2(highest - space.MinAdcBits));
            step >= 1;)
        {
            var lowered = current.Setting.Layers
                .Select(l => l with { AdcBits = Math.Max(space.MinAdcBits, l.AdcBits - step) })
                .ToList();
            if (!TrySetting(lowered)) step /= 2;
        }

        for (int pass = 0; pass < Passes; pass++)
        {
            foreach (string name in order)
            {
                // Fewer slices: S−1, S−2, … while the accuracy holds.
                for (int slices = current.Setting[name].Slices - 1; slices >= 1; slices--)
                {
                    if (FewerSlices(current.Setting[name], slices, space) is not { } fewer) break;
                    if (!Try(fewer)) break;
                }
                // Fewer ADC bits: step-halving descent.
                int range = current.Setting[name].AdcBits - space.MinAdcBits;
                for (int step = range < 1 ? 0 : 1 << (int)Math.Floor(Math.Log2(range)); step >= 1;)
                {
                    var layer = current.Setting[name];
                    if (layer.AdcBits - step < space.MinAdcBits || !Try(layer with { AdcBits = layer.AdcBits - step }))
                        step /= 2;
                }
            }
        }
        return objectives.Result(Name, reference, bound, path);
    }

    /// <summary>
    /// The layer with <paramref name="slices"/> slices keeping as many weight bits as possible:
    /// b_w = min(b_w, S·b_c,max + 1), b_c = ⌈(b_w − 1)/S⌉; null when the space cannot hold it.
    /// </summary>
    public static LayerQuantization? FewerSlices(LayerQuantization layer, int slices, QuantizationSpace space)
    {
        int weight = Math.Min(layer.WeightBits, slices * space.MaxBitsPerCell + 1);
        if (weight < space.MinWeightBits) return null;
        int cell = Math.Max(space.MinBitsPerCell, (weight - 1 + slices - 1) / slices);
        var proposal = layer with { WeightBits = weight, BitsPerCell = cell };
        return space.Contains(proposal) && proposal.Slices == slices ? proposal : null;
    }
}
