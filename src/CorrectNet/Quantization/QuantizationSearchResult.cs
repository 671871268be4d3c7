namespace CorrectNet.Quantization;

/// <summary>
/// What a search found (docs/method.md F33): the reference and the chosen setting (lowest E_ADC with accuracy ≥
/// <see cref="AccuracyBound"/> = reference accuracy − δ on the search chips), the Pareto front of everything evaluated,
/// every evaluated candidate in evaluation order, the number of distinct evaluations, and the path: the settings the
/// search moved through from the reference towards the chosen one, costliest first (greedy: every accepted move; other
/// searches: the front members at or above the bound), which the held-out check (F33b) walks back along.
/// </summary>
public sealed record QuantizationSearchResult(
    string Method,
    QuantizationCandidate Reference,
    QuantizationCandidate Chosen,
    double AccuracyBound,
    IReadOnlyList<QuantizationCandidate> Front,
    IReadOnlyList<QuantizationCandidate> Evaluated,
    int Evaluations,
    IReadOnlyList<QuantizationCandidate> Path)
{
    /// <summary>1 − E_ADC(chosen) / E_ADC(reference) (F21).</summary>
    public double Saving => 1 - Chosen.EnergyPicojoules / Reference.EnergyPicojoules;

    /// <summary>
    /// The lowest-energy candidate of <paramref name="evaluated"/> at or above <paramref name="bound"/> (the reference
    /// when none is).
    /// </summary>
    public static QuantizationCandidate Cheapest(
        IEnumerable<QuantizationCandidate> evaluated,
        double bound,
        QuantizationCandidate reference) =>
        evaluated.Where(c => c.Accuracy >= bound).Append(reference)
            .OrderBy(c => c.EnergyPicojoules)
            .ThenByDescending(c => c.Accuracy)
            .ThenBy(c => c.Setting.Key, StringComparer.Ordinal)
            .First();
}
