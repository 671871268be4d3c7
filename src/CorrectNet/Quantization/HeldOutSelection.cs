namespace CorrectNet.Quantization;

/// <summary>
/// The held-out check of a search's choice (docs/method.md F33b) [ours]. A search keeps many moves, each accepted when
/// its accuracy on the same few search chips stays within the bound, so the chosen setting is selected partly on those
/// chips' noise and tends to lose more on other chips than it did there. This walks back along the search's path (the
/// settings it moved through, each at or above its bound; <see cref="QuantizationSearchResult.Path"/>) on chips of
/// another seed and keeps one whose held-out accuracy stays within δ of the reference's held-out accuracy: by
/// bisection, a setting that holds whose cheaper probed neighbour does not, which is the cheapest that holds when
/// accuracy falls with energy along the path. About log2(path length) checks; the reference itself always passes.
/// </summary>
public static class HeldOutSelection
{
    public static HeldOutChoice Choose(
        QuantizationSearchResult search,
        Func<QuantizationSetting, double> heldOutAccuracy,
        double maxDrop)
    {
        using var stage = StageClock.Enter(Stage.Searches); // the re-check's evaluations belong to the search
        if (!(maxDrop is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(
                nameof(maxDrop), maxDrop, $"maxDrop = {maxDrop} must be in [0, 1] (0.01 = one point).");
        var ladder = search.Path.Append(search.Chosen)
            .Where(c => c.Accuracy >= search.AccuracyBound && c.EnergyPicojoules < search.Reference.EnergyPicojoules)
            .DistinctBy(c => c.Setting.Key)
            .OrderBy(c => c.EnergyPicojoules)
            // At equal energy the search's own choice comes first.
            .ThenBy(c => c.Setting.Equals(search.Chosen.Setting) ? 0 : 1)
            .Append(search.Reference)
            .ToList();
        var measured = new Dictionary<int, double>();
        double Measure(int i) =>
            measured.TryGetValue(i, out double a) ? a : measured[i] = heldOutAccuracy(ladder[i].Setting);

        double bound = Measure(ladder.Count - 1) - maxDrop;
        int low = 0, high = ladder.Count - 1; // ladder[high] passes
        if (Measure(0) >= bound) high = 0; // the usual case: the search's own choice holds
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (Measure(mid) >= bound) high = mid;
            else low = mid + 1;
        }
        var checkedSettings = measured.OrderBy(m => m.Key).Select(m => (ladder[m.Key], m.Value)).ToList();
        return new HeldOutChoice(
            ladder[high], search.Chosen, Measure(high), Measure(ladder.Count - 1), bound, checkedSettings);
    }
}

/// <summary>
/// What <see cref="HeldOutSelection"/> kept: <see cref="Chosen"/> (the search's own choice when it passed), that
/// choice, held-out accuracies (fractions) of the kept setting and the reference, the held-out bound, and every setting
/// checked with its held-out accuracy, cheapest first.
/// </summary>
public sealed record HeldOutChoice(
    QuantizationCandidate Chosen,
    QuantizationCandidate SearchChoice,
    double ChosenAccuracy,
    double ReferenceAccuracy,
    double Bound,
    IReadOnlyList<(QuantizationCandidate Candidate, double Accuracy)> Checked)
{
    public int Checks => Checked.Count;

    /// <summary>True when the held-out chips moved the choice to a costlier setting.</summary>
    public bool Retreated => !Chosen.Setting.Equals(SearchChoice.Setting);
}
