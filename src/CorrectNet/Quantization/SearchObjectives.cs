namespace CorrectNet.Quantization;

/// <summary>
/// What a search optimizes (docs/method.md F33): accuracy from <see cref="Evaluator"/> (cached by setting), E_ADC from
/// <see cref="Energy"/> (pJ per inference), the reference setting and the allowed drop δ (absolute, in accuracy
/// fraction: 0.01 = one percentage point) [ours].
/// </summary>
public sealed class SearchObjectives
{
    private readonly List<QuantizationCandidate> _evaluated = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public SearchObjectives(
        QuantizationSetting reference,
        SettingEvaluator evaluator,
        Func<QuantizationSetting, double> energy,
        double maxDrop,
        QuantizationSpace? space = null)
    {
        if (!(maxDrop >= 0 && maxDrop <= 1))
            throw new ArgumentOutOfRangeException(
                nameof(maxDrop), maxDrop, $"maxDrop = {maxDrop} must be in [0, 1] (a fraction; 0.01 = one point).");
        Reference = reference.Validate();
        Evaluator = evaluator;
        Energy = energy;
        MaxDrop = maxDrop;
        Space = (space ?? QuantizationSpace.Default).Validate();
    }

    public QuantizationSetting Reference { get; }
    public SettingEvaluator Evaluator { get; }
    public Func<QuantizationSetting, double> Energy { get; }
    public double MaxDrop { get; }
    public QuantizationSpace Space { get; }

    /// <summary>Every distinct candidate evaluated through <see cref="Evaluate"/>, in order.</summary>
    public IReadOnlyList<QuantizationCandidate> Evaluated => _evaluated;

    /// <summary>Accuracy and energy of <paramref name="setting"/> (accuracy cached by the evaluator).</summary>
    public QuantizationCandidate Evaluate(QuantizationSetting setting)
    {
        var candidate = new QuantizationCandidate(setting, Evaluator.Accuracy(setting), Energy(setting));
        if (_seen.Add(setting.Key)) _evaluated.Add(candidate);
        return candidate;
    }

    /// <summary>
    /// The result: the cheapest candidate at or above the bound, the front of all evaluated, and the search's path
    /// (null: the front members at or above the bound, costliest first, after the reference).
    /// </summary>
    public QuantizationSearchResult Result(
        string method,
        QuantizationCandidate reference,
        double bound,
        IReadOnlyList<QuantizationCandidate>? path = null)
    {
        var front = ParetoFront.Of(_evaluated);
        path ??=
        [
            reference,
            .. front
                .Where(c => c.Accuracy >= bound && c.EnergyPicojoules < reference.EnergyPicojoules)
                .OrderByDescending(c => c.EnergyPicojoules),
        ];
        return new(method, reference, QuantizationSearchResult.Cheapest(_evaluated, bound, reference), bound, front,
            [.. _evaluated], Evaluator.Evaluations, path);
    }
}
