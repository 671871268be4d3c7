using CorrectNet.Compensation;

namespace CorrectNet.Placement;

/// <summary>
/// The placement problem of docs/method.md F30–F31. An episode visits the analog layers l = 0 … L−1; at layer l the
/// agent sees <see cref="State"/> and picks action a_l: 0 = no unit, i ≥ 1 = a unit of width
/// max(1, round(<see cref="WidthChoices"/>[i−1] · r_default)) (binary actions by default). At the end the placement is
/// evaluated by the injected function and rewarded R = Acc / Acc_clean − α · overhead.
/// Every placement is evaluated once: later requests are served from an in-memory cache by <see
/// cref="UnitPlacement.Key"/>. With a <see cref="Cap"/>, only placements it admits may be evaluated (F31a).
/// </summary>
public sealed class PlacementEnvironment
{
    private readonly Func<UnitPlacement, PlacementOutcome> _evaluate;
    private readonly Dictionary<string, PlacementEvaluation> _cache = [];
    private readonly double[][] _static;
    private readonly (long Parameters, long Macs) _baseSize;

    /// <param name="sites">The analog layers in forward order.</param>
    /// <param name="evaluate">Placement → outcome; called at most once per placement (e.g. trains units and runs
    /// Monte-Carlo).</param>
    /// <param name="alpha">α of the reward, per unit of overhead share (α = 1: 1% more MACs costs 0.01 of accuracy
    /// ratio).</param>
    /// <param name="measure">The overhead the reward counts.</param>
    /// <param name="widthChoices">Width multipliers of r_default the actions may choose; null = [1] (insert or
    /// not).</param>
    /// <param name="cap">Hard overhead bound (F31a); null = none.</param>
    /// <param name="baseSize">Parameters and MACs per image of the whole base network, the denominators of the
    /// overhead shares; null = the sum over <paramref name="sites"/> (every Conv2d/Linear layer analog).</param>
    public PlacementEnvironment(
        IReadOnlyList<PlacementSite> sites,
        Func<UnitPlacement, PlacementOutcome> evaluate,
        double alpha = 1.0,
        OverheadMeasure measure = OverheadMeasure.Macs,
        IReadOnlyList<double>? widthChoices = null,
        OverheadCap? cap = null,
        (long Parameters, long Macs)? baseSize = null)
    {
        if (sites.Count == 0) throw new ArgumentException("At least one layer.", nameof(sites));
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be ≥ 0.");
        widthChoices ??= [1.0];
        if (widthChoices.Count == 0 || widthChoices.Any(w => !(w > 0)))
            throw new ArgumentException("Width choices must be positive multipliers of the default width.",
                nameof(widthChoices));
        Sites = sites;
        _evaluate = evaluate;
        Alpha = alpha;
        Measure = measure;
        WidthChoices = widthChoices;
        Cap = cap?.Validate();
        _baseSize = baseSize ?? (sites.Sum(s => s.Profile.Parameters), sites.Sum(s => s.Profile.Macs));
        _static = StaticFeatures(sites);
    }

    /// <summary>The hard overhead bound; null = none.</summary>
    public OverheadCap? Cap { get; }

    public IReadOnlyList<PlacementSite> Sites { get; }
    public int Layers => Sites.Count;
    public double Alpha { get; }
    public OverheadMeasure Measure { get; }
    public IReadOnlyList<double> WidthChoices { get; }
    /// <summary>1 + number of width choices (2: binary).</summary>
    public int Actions => 1 + WidthChoices.Count;
    /// <summary>Length of <see cref="State"/>: l/L, C_in, C_out, k, feature size, param share, MAC share, sensitivity,
    /// cost so far.</summary>
    public int StateSize => 9;
    /// <summary>Placements evaluated afresh so far (= calls of the evaluation function).</summary>
    public int Evaluations { get; private set; }
    /// <summary>Every placement evaluated so far, in order of first request.</summary>
    public IReadOnlyList<PlacementEvaluation> Evaluated => [.. _cache.Values];

    /// <summary>Unit width that action <paramref name="action"/> puts on layer <paramref name="layer"/> (0 =
    /// none).</summary>
    public int WidthOf(int layer, int action)
    {
        if (action < 0 || action >= Actions)
            throw new ArgumentOutOfRangeException(nameof(action), action, $"Actions are 0 … {Actions - 1}.");
        return action == 0 ? 0 : Math.Max(1, (int)Math.Round(WidthChoices[action - 1] * Sites[layer].DefaultWidth));
    }

    /// <summary>The placement of one action per layer.</summary>
    public UnitPlacement PlacementOf(IReadOnlyList<int> actions)
    {
        if (actions.Count != Layers)
            throw new ArgumentException($"{Layers} actions expected, got {actions.Count}.", nameof(actions));
        return new UnitPlacement([.. actions.Select((a, l) => WidthOf(l, a))]);
    }

    /// <summary>
    /// The normalized state s_l (F30): l/L; C_in, C_out, kernel size, output feature size (each over its maximum across
    /// layers); parameter and MAC share of the layer in the base network; sensitivity over the largest sensitivity; the
    /// overhead spent by the units chosen so far (widths of layers &lt; l) over the overhead of a unit on every layer.
    /// </summary>
    public float[] State(int layer, IReadOnlyList<int> widthsSoFar)
    {
        var features = _static[layer];
        double spent = 0;
        for (int l = 0; l < layer && l < widthsSoFar.Count; l++) spent += UnitOverhead(l, widthsSoFar[l]);
        double all = Enumerable.Range(0, Layers).Sum(l => UnitOverhead(l, Sites[l].DefaultWidth));
        return [.. features.Select(f => (float)f), (float)(all > 0 ? spent / all : 0)];
    }

    /// <summary>Extra parameters and MACs of units of <paramref name="widths"/> (0 = none), as fractions of the base
    /// network's (F29).</summary>
    public (double Parameters, double Macs) Shares(IReadOnlyList<int> widths)
    {
        long parameters = 0, macs = 0;
        for (int l = 0; l < widths.Count && l < Layers; l++)
        {
            if (widths[l] <= 0) continue;
            var p = Sites[l].Profile;
            parameters += CompensationUnit.ParameterCount(p.OutChannels, widths[l]);
            macs += CompensationUnit.MacCount(p.OutChannels, widths[l], p.OutputPositions);
        }
        return ((double)parameters / Math.Max(1, _baseSize.Parameters), (double)macs / Math.Max(1, _baseSize.Macs));
    }

    /// <summary>Whether units of <paramref name="widths"/> (a whole placement or its first layers) fit
    /// <see cref="Cap"/>; always true without one.</summary>
    public bool Admits(IReadOnlyList<int> widths)
    {
        if (Cap is null) return true;
        var (parameters, macs) = Shares(widths);
        return Cap.Admits(parameters, macs);
    }

    /// <summary>Whether action <paramref name="action"/> on layer <paramref name="layer"/>, after
    /// <paramref name="widthsSoFar"/>, keeps the placement within <see cref="Cap"/> (units only add overhead, so
    /// a prefix over the cap cannot come back under it).</summary>
    public bool Allows(int layer, int action, IReadOnlyList<int> widthsSoFar) =>
        action == 0 || Admits([.. widthsSoFar.Take(layer), WidthOf(layer, action)]);

    /// <summary>Evaluates (or serves from the cache) <paramref name="placement"/>.</summary>
    /// <exception cref="ArgumentException">Wrong length, or over <see cref="Cap"/> and
    /// <paramref name="ignoreCap"/> not set.</exception>
    public PlacementEvaluation Evaluate(UnitPlacement placement, bool ignoreCap = false)
    {
        if (placement.Layers != Layers)
            throw new ArgumentException($"A placement of {Layers} layers expected, got {placement.Layers}.",
                nameof(placement));
        if (!ignoreCap && !Admits(placement.Widths))
        {
            var (parameters, macs) = Shares(placement.Widths);
            throw new ArgumentException(
                $"Placement [{placement.Key}] adds {100 * parameters:F2}% parameters and {100 * macs:F2}% MACs, " +
                $"over the cap of {100 * Cap!.ParametersShare:F2}% and {100 * Cap.MacsShare:F2}%.", nameof(placement));
        }
        if (_cache.TryGetValue(placement.Key, out var cached)) return cached;
        var outcome = _evaluate(placement);
        Evaluations++;
        var evaluation = new PlacementEvaluation(placement, outcome, Reward(outcome));
        _cache[placement.Key] = evaluation;
        return evaluation;
    }

    /// <summary>Whether <paramref name="placement"/> has been evaluated.</summary>
    public bool IsCached(UnitPlacement placement) => _cache.ContainsKey(placement.Key);

    /// <summary>R = Acc / Acc_clean − α · overhead (F31).</summary>
    public double Reward(PlacementOutcome outcome) =>
        (outcome.CleanAccuracy > 0 ? outcome.Accuracy / outcome.CleanAccuracy : 0) - Alpha * outcome.Overhead(Measure);

    /// <summary>Overhead share of one unit of width <paramref name="width"/> on <paramref name="layer"/> (F29), for the
    /// state.</summary>
    private double UnitOverhead(int layer, int width)
    {
        if (width <= 0) return 0;
        var widths = new int[Layers];
        widths[layer] = width;
        var (parameters, macs) = Shares(widths);
        return Measure switch
        {
            OverheadMeasure.Parameters => parameters,
            OverheadMeasure.Max => Math.Max(parameters, macs),
            _ => macs,
        };
    }

    private static double[][] StaticFeatures(IReadOnlyList<PlacementSite> sites)
    {
        double Max(Func<PlacementSite, double> f) => Math.Max(1e-12, sites.Max(f));
        double maxIn = Max(s => s.Profile.InChannels), maxOut = Max(s => s.Profile.OutChannels);
        double maxKernel = Max(s => s.Profile.KernelHeight * s.Profile.KernelWidth);
        double maxFeature = Max(s => s.Profile.OutputPositions);
        double parameters = Math.Max(1, sites.Sum(s => s.Profile.Parameters));
        double macs = Math.Max(1, sites.Sum(s => s.Profile.Macs));
        double maxSensitivity = Max(s => Math.Max(0, s.Sensitivity));
        return [.. sites.Select((s, l) => new[]
        {
            (double)l / sites.Count,
            s.Profile.InChannels / maxIn,
            s.Profile.OutChannels / maxOut,
            s.Profile.KernelHeight * s.Profile.KernelWidth / maxKernel,
            s.Profile.OutputPositions / maxFeature,
            s.Profile.Parameters / parameters,
            s.Profile.Macs / macs,
            Math.Max(0, s.Sensitivity) / maxSensitivity,
        })];
    }
}
