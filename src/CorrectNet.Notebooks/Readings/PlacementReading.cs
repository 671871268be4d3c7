using CorrectNet.Experiments.Results;
using CorrectNet.Placement;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 04 (docs/method.md F30–F32), computed from its run: per network, what it keeps without
/// units, the agent's best placement against exhaustive search (rank among all placements) or the other searches, its
/// cost in distinct placements, its learning curve and final policy; then the agent's placement on unseen chips (paired
/// 95% CI of the per-chip gain, F36). Accuracies in %, gains in percentage points, overheads in % of the base network.
/// </summary>
public static class PlacementReading
{
    /// <summary>The weight-sharing shortcut against per-placement training on every placement of one network.</summary>
    public static string ScoringCheck(string network, WeightSharingComparison comparison, PlacementReport report)
    {
        string choice = PlacementTables.Layers(report, comparison.Choice.Placement);
        string verdict = comparison.SameOptimum
            ? $"its choice [{choice}] is the per-placement optimum"
            : Invariant($"its choice [{choice}], retrained, is {100 * comparison.ChoiceRewardGap:F2} reward points ") +
              $"below the per-placement optimum [{PlacementTables.Layers(report, comparison.Optimum.Placement)}]";
        return Invariant($"- {network}: over all {comparison.PerPlacement.Count} placements, Spearman's ρ of the ") +
               Invariant($"rewards {comparison.RewardSpearman:F3} (of the accuracies ") +
               Invariant($"{comparison.AccuracySpearman:F3}); ") + verdict + ".";
    }

    /// <summary>The searches of one network at its placement σ; the agent's lines need the "rl" search.</summary>
    public static IReadOnlyList<string> Searches(string network, double sigma, PlacementReport report)
    {
        var lines = new List<string>
        {
            Invariant($"{network} at {Sigma(sigma)} (α = {report.Alpha}, overhead = ") +
            $"{PlacementFigures.MeasureName(report.Measure)}):",
        };
        var none = report.Searches.FirstOrDefault(s => s.Method == PlacementSearchNames.None);
        if (none is not null)
        {
            double ratio = report.CleanAccuracy > 0 ? none.Best.Outcome.Accuracy / report.CleanAccuracy : 0;
            lines.Add($"- without units: {Percent(none.Best.Outcome.Accuracy)}, {Percent(ratio)} of the clean " +
                      $"{Percent(report.CleanAccuracy)}: " +
                      (ratio < 0.5 ? "under half of clean, the regime its σ was chosen for."
                                   : "not under half of clean, so not the regime its σ was chosen for."));
        }
        var top = report.Searches.MaxBy(s => s.Best.Reward);
        var rl = report.Searches.FirstOrDefault(s => s.Method == PlacementSearchNames.Rl);
        if (rl is not null)
        {
            lines.Add(Agent(report, rl, none));
            lines.Add(AgainstSearches(report, rl));
            lines.Add(Cost(report, rl));
            if (rl.EpisodeRewards is { Count: > 0 } rewards && top is not null)
                lines.Add(LearningCurve(rewards, top));
            if (rl.PolicyPlacement is { } policy)
                lines.Add(policy.Equals(rl.Best.Placement)
                    ? "- its final policy (argmax per layer) picks its best placement: the policy converged there."
                    : $"- its final policy (argmax per layer) picks {PlacementTables.Layers(report, policy)}, " +
                      "not its best placement: the best came from exploration, not from where the policy converged.");
        }
        if (top is not null)
            lines.Add(top.Best.Placement.Units == 0
                ? "- the best reward of any search has no units: under this reward compensation does not pay here."
                : $"- the best reward of any search ({top.Method}: " +
                  $"{PlacementTables.Layers(report, top.Best.Placement)}) has units: under this reward compensation " +
                  "pays here.");
        return lines;
    }

    /// <summary>
    /// The agent's placement with units trained afresh and evaluated on unseen chips: one line per run, a count of the
    /// verdicts, and per (network, σ) which training the units gain most on.
    /// </summary>
    public static IReadOnlyList<string> Unseen(
        IReadOnlyList<(string Network, string Training, double Sigma, CompensationOutcome Outcome)> runs)
    {
        var gains = runs.Select(r => (Run: r, Gain: PairedGain(r.Outcome.Before, r.Outcome.After))).ToList();
        var lines = gains.Select(g =>
        {
            var (before, after) = (g.Run.Outcome.Before, g.Run.Outcome.After);
            return Invariant($"{g.Run.Network} {g.Run.Training}, {Sigma(g.Run.Sigma)}: {Percent(before.Mean)} → ") +
                   $"{Percent(after.Mean)}, {Gain(g.Gain)}: {Verdict(g.Gain)} " +
                   Invariant($"(clean {Percent(before.CleanAccuracy)}; {after.Chips} chips of seed {after.Seed}).");
        }).ToList();
        if (gains.Count == 0) return lines;

        var verdicts = gains.GroupBy(g => Verdict(g.Gain)).Select(v => $"{v.Key} in {v.Count()}");
        lines.Add($"Of {gains.Count} runs on unseen chips, the units: {string.Join("; ", verdicts)}.");
        foreach (var group in gains.GroupBy(g => (g.Run.Network, g.Run.Sigma)).Where(g => g.Count() > 1))
        {
            var ordered = group.OrderByDescending(g => g.Gain.Mean).ToList();
            string Describe((double Mean, double Low, double High, int Chips) gain, CompensationOutcome outcome) =>
                $"{Points(gain.Mean)}, to {Percent(outcome.After.Mean)}";
            lines.Add(Invariant($"{group.Key.Network}, {Sigma(group.Key.Sigma)}: the units gain most on the ") +
                      $"{ordered[0].Run.Training} network ({Describe(ordered[0].Gain, ordered[0].Run.Outcome)}); " +
                      string.Join("; ", ordered.Skip(1).Select(g =>
                          $"{g.Run.Training}: {Describe(g.Gain, g.Run.Outcome)}")) + ".");
        }
        return lines;
    }

    private static string Agent(PlacementReport report, PlacementSearchResult rl, PlacementSearchResult? none)
    {
        var best = rl.Best;
        string overNone = none is null
            ? ""
            : $" ({Points(best.Outcome.Accuracy - none.Best.Outcome.Accuracy)} over no units)";
        double parameters = 100 * best.Outcome.ParametersShare, macs = 100 * best.Outcome.MacsShare;
        return $"- the agent's best placement: {PlacementTables.Layers(report, best.Placement)}, " +
               Invariant($"reward {best.Reward:F4}, accuracy {Percent(best.Outcome.Accuracy)}{overNone}; ") +
               $"{Overhead(parameters)} parameters, {Overhead(macs)} MACs: {Negligible(parameters, macs)}.";
    }

    /// <summary>With exhaustive search, the agent's rank among all placements; then where it stands against each
    /// other search's best reward.</summary>
    private static string AgainstSearches(PlacementReport report, PlacementSearchResult rl)
    {
        double reward = rl.Best.Reward;
        string verdict = "";
        var exhaustive = report.Searches.FirstOrDefault(s => s.Method == PlacementSearchNames.Exhaustive);
        if (exhaustive is not null)
        {
            var rewards = exhaustive.Visited.DistinctBy(v => v.Placement.Key).Select(v => v.Reward).ToList();
            int rank = 1 + rewards.Count(r => r > reward);
            double gap = 100 * (exhaustive.Best.Reward - reward) / Math.Abs(exhaustive.Best.Reward);
            verdict = rank == 1
                ? $"it is the exhaustive optimum (rank 1 of {rewards.Count} placements)"
                : Invariant($"it is {gap:F2}% below the exhaustive optimum ") +
                  $"{PlacementTables.Layers(report, exhaustive.Best.Placement)} " +
                  Invariant($"(reward {exhaustive.Best.Reward:F4}): rank {rank} of {rewards.Count} placements");
        }
        else
            verdict = "no exhaustive search ran, so the true optimum is unknown";

        var others = report.Searches.Where(s => s.Method != PlacementSearchNames.Rl).ToList();
        string Group(string relation, Func<double, bool> holds)
        {
            var names = others.Where(s => holds(s.Best.Reward))
                .Select(s => Invariant($"{s.Method} {s.Best.Reward:F4}")).ToList();
            return names.Count == 0 ? "" : $"{relation} {string.Join(", ", names)}";
        }
        var groups = new[] { Group("above", r => reward > r), Group("tied with", r => reward == r),
            Group("below", r => reward < r) }.Where(g => g.Length > 0).ToList();
        return groups.Count == 0
            ? $"- {verdict}."
            : $"- {verdict}; against the other searches' best rewards: {string.Join("; ", groups)}.";
    }

    private static string Cost(PlacementReport report, PlacementSearchResult rl)
    {
        int layers = report.Sites.Count;
        string all = layers < 63 ? Invariant($" of the 2^{layers} = {1L << layers}") : "";
        string text = $"- it asked for {rl.Distinct} distinct placements ({rl.DistinctUntilBest} until its best){all}";
        var exhaustive = report.Searches.FirstOrDefault(s => s.Method == PlacementSearchNames.Exhaustive);
        if (exhaustive is not null)
            text += $"; exhaustive search asked for {exhaustive.Distinct}: " +
                    (rl.Distinct < exhaustive.Distinct ? "the agent needed fewer" : "the agent saved nothing over it");
        var greedy = report.Searches.FirstOrDefault(s => s.Method == PlacementSearchNames.Greedy);
        if (greedy is not null) text += $"; greedy asked for {greedy.Distinct}";
        return text + ".";
    }

    private static string LearningCurve(IReadOnlyList<double> rewards, PlacementSearchResult top)
    {
        // Rewards of one placement come from one cached evaluation, so reaching the top is an exact equality.
        int episode = rewards.Select((r, i) => (r, i)).FirstOrDefault(e => e.r >= top.Best.Reward, (0, -1)).Item2;
        return episode >= 0
            ? Invariant($"- its best-so-far reward reached the best of all searches ({top.Best.Reward:F4}) ") +
              $"at episode {episode + 1} of {rewards.Count}."
            : Invariant($"- its best-so-far reward ({rewards.Max():F4}) stayed below the best of all searches ") +
              Invariant($"({top.Method} {top.Best.Reward:F4}) for all {rewards.Count} episodes.");
    }
}
