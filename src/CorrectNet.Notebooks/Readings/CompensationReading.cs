using CorrectNet.Experiments.Results;
using CorrectNet.Placement;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 03 (docs/method.md F27–F30), computed from its run: which layer is most sensitive, what
/// the network keeps without units, which unit configurations changed accuracy on the unseen chips (paired 95% CI of
/// the per-chip gain, F36), what they cost against C5's "negligible", and the gain across σ. Accuracies in %, gains in
/// percentage points, overheads in % of the base network (F29).
/// </summary>
public static class CompensationReading
{
    /// <param name="network">Display name of the network.</param>
    /// <param name="sigma">The σ of <paramref name="outcomes"/>.</param>
    /// <param name="sites">The analog layers with their sensitivities, in forward order.</param>
    /// <param name="outcomes">Configuration name → outcome; no units = "none", units on every site = "all".</param>
    /// <param name="bySigma">Units on all layers, trained and evaluated at each σ.</param>
    public static IReadOnlyList<string> Lines(
        string network,
        double sigma,
        IReadOnlyList<PlacementSite> sites,
        IReadOnlyDictionary<string, CompensationOutcome> outcomes,
        IReadOnlyList<(double Sigma, CompensationOutcome Outcome)> bySigma)
    {
        var lines = new List<string>();
        if (sites.Count > 0) lines.Add(Sensitivity(sigma, sites));
        if (outcomes.Count > 0)
        {
            lines.Add(WithoutUnits(network, sigma, outcomes.Values.First()));
            lines.AddRange(Configurations(sites, outcomes));
        }
        if (outcomes.Values.FirstOrDefault(o => o.Units.Count == sites.Count && sites.Count > 0) is { } all)
            lines.Add(PerChip(all));
        if (bySigma.Count > 0) lines.Add(AcrossSigma(bySigma));
        return lines;
    }

    private static string Sensitivity(double sigma, IReadOnlyList<PlacementSite> sites)
    {
        var ranked = sites.OrderByDescending(s => s.Sensitivity).ToList();
        return Invariant($"Sensitivity at {Sigma(sigma)}: {ranked[0].Name} is the most sensitive layer ") +
               $"({Points(ranked[0].Sensitivity)} lost when only it varies), {ranked[^1].Name} the least " +
               $"({Points(ranked[^1].Sensitivity)}); order: {string.Join(" > ", ranked.Select(s => s.Name))}.";
    }

    /// <summary>Every configuration's "before" is the network without units on the same chips.</summary>
    private static string WithoutUnits(string network, double sigma, CompensationOutcome any)
    {
        var before = any.Before;
        double ratio = before.CleanAccuracy > 0 ? before.Mean / before.CleanAccuracy : 0;
        string regime = ratio < 0.5
            ? "under half of clean, the regime C1 describes"
            : "not under half of clean: this σ does not put the network in C1's regime here";
        return Invariant($"Without units {network} keeps {Percent(before.Mean)} at {Sigma(sigma)} on {before.Chips} ") +
               $"unseen chips, {Percent(ratio)} of its clean {Percent(before.CleanAccuracy)}: {regime}.";
    }

    private static IEnumerable<string> Configurations(
        IReadOnlyList<PlacementSite> sites, IReadOnlyDictionary<string, CompensationOutcome> outcomes)
    {
        var withUnits = outcomes.Where(o => o.Value.Units.Count > 0)
            .Select(o => (Name: o.Key, Outcome: o.Value, Gain: PairedGain(o.Value.Before, o.Value.After)))
            .ToList();
        if (withUnits.Count == 0) yield break;

        foreach (string verdict in new[] { "raised", "lowered", "no clear change", "no clear change (one chip)" })
        {
            var names = withUnits.Where(c => Verdict(c.Gain) == verdict).Select(c => c.Name).ToList();
            if (names.Count > 0)
                yield return $"Accuracy on the unseen chips, paired 95% CI of the per-chip gain: {verdict} with " +
                             $"units on {string.Join(", ", names)}.";
        }

        var best = withUnits.MaxBy(c => c.Gain.Mean);
        yield return $"Largest mean gain: {best.Name}, {Percent(best.Outcome.Before.Mean)} → " +
                     $"{Percent(best.Outcome.After.Mean)} ({Gain(best.Gain)}), " +
                     $"{Overhead(best.Outcome.Cost.ParametersPercent)} parameters, " +
                     $"{Overhead(best.Outcome.Cost.MacsPercent)} MACs.";

        var singles = withUnits.Where(c => c.Outcome.Units.Count == 1).ToList();
        if (singles.Count > 0 && sites.Count > 0)
        {
            string sensitive = sites.MaxBy(s => s.Sensitivity)!.Name;
            var bestSingle = singles.MaxBy(c => c.Gain.Mean);
            var onSensitive = singles.FirstOrDefault(c => c.Outcome.Units[0].Layer == sensitive);
            if (bestSingle.Outcome.Units[0].Layer == sensitive)
                yield return $"The most sensitive layer, {sensitive}, is also the layer whose single unit gains most.";
            else
                yield return $"The most sensitive layer, {sensitive}, is not the layer whose single unit gains most: " +
                             $"that is {bestSingle.Outcome.Units[0].Layer} ({Points(bestSingle.Gain.Mean)}" +
                             (onSensitive.Outcome is null ? ")." : $" against {Points(onSensitive.Gain.Mean)}).");
        }

        var over = withUnits.Where(c => c.Outcome.Cost.ParametersPercent > NegligiblePercent
                                        || c.Outcome.Cost.MacsPercent > NegligiblePercent).ToList();
        yield return over.Count == 0
            ? Invariant($"Every configuration stays within C5's negligible (≤ {NegligiblePercent:0}% of parameters ") +
              "and of MACs)."
            : Invariant($"Above C5's negligible (≤ {NegligiblePercent:0}% of parameters and of MACs): ") +
              string.Join("; ", over.Select(c => $"{c.Name} {Overhead(c.Outcome.Cost.ParametersPercent)} " +
                                                 $"parameters, {Overhead(c.Outcome.Cost.MacsPercent)} MACs")) + ".";

        var all = withUnits.FirstOrDefault(c => c.Outcome.Units.Count == sites.Count && sites.Count > 1);
        if (all.Outcome is not null && singles.Count > 0)
        {
            var bestSingle = singles.MaxBy(c => c.Gain.Mean);
            string buys = all.Gain.Mean > bestSingle.Gain.Mean
                ? $"the extra units buy {Points(all.Gain.Mean - bestSingle.Gain.Mean)} more"
                : "the extra units buy nothing over the best single unit";
            yield return $"Units on all layers: {Points(all.Gain.Mean)} for {Overhead(all.Outcome.Cost.MacsPercent)} " +
                         $"MACs; the best single unit ({bestSingle.Name}): {Points(bestSingle.Gain.Mean)} for " +
                         $"{Overhead(bestSingle.Outcome.Cost.MacsPercent)} MACs: {buys}.";
        }
    }

    private static string PerChip(CompensationOutcome all)
    {
        int improved = all.After.ChipAccuracies.Where((a, k) => a > all.Before.ChipAccuracies[k]).Count();
        var gain = PairedGain(all.Before, all.After);
        return $"Units on all layers improved {improved} of {all.After.Chips} unseen chips; mean " +
               $"{Percent(all.Before.Mean)} → {Percent(all.After.Mean)}, {Gain(gain)}: {Verdict(gain)}; " +
               $"after = {Percent(all.AfterRatio)} of clean.";
    }

    private static string AcrossSigma(IReadOnlyList<(double Sigma, CompensationOutcome Outcome)> bySigma)
    {
        var gains = bySigma.Select(p => (p.Sigma, Gain: PairedGain(p.Outcome.Before, p.Outcome.After))).ToList();
        var largest = gains.MaxBy(g => g.Gain.Mean);
        string each = string.Join("; ", gains.Select(g => Invariant($"{Sigma(g.Sigma)}: {Points(g.Gain.Mean)}, ") +
                                                          Verdict(g.Gain)));
        return $"Across σ, units on all layers: {each}." +
               (gains.Count > 1 ? Invariant($" Largest mean gain at {Sigma(largest.Sigma)}.") : "");
    }
}
