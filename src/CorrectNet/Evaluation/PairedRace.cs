namespace CorrectNet.Evaluation;

/// <summary>
/// Racing on paired chips (docs/method.md F39) [ours]: candidates (placements, quantization settings) are scored
/// chip by chip on the same chips; after each chip n ≥ <see cref="PairedRaceConfig.MinChips"/>, a candidate is
/// dropped when a paired t-test says it is worse than the current leader (the survivor of highest mean): the lower
/// end of the 95% interval of its paired gap d_i = s_leader,i − s_c,i, mean(d) − t(0.975, n−1)·sd(d)/√n, is above 0.
/// The survivors see every chip; the winner is the survivor of highest mean over the full budget. Chip-major order:
/// every surviving candidate is scored on chip i before any on chip i + 1, so a caller can program each chip once.
/// </summary>
public static class PairedRace
{
    /// <param name="candidates">At least one.</param>
    /// <param name="score">(candidate, chip position 0 … Chips − 1) → score, higher is better (accuracy,
    /// reward).</param>
    /// <param name="config">Budget and drop rule.</param>
    public static PairedRaceResult<T> Run<T>(
        IReadOnlyList<T> candidates, Func<T, int, double> score, PairedRaceConfig? config = null)
    {
        using var stage = StageClock.Enter(Stage.Searches); // racing placements or settings is a search
        config = (config ?? new PairedRaceConfig()).Validate();
        if (candidates.Count == 0) throw new ArgumentException("At least one candidate.", nameof(candidates));
        var scores = candidates.Select(_ => new List<double>(config.Chips)).ToArray();
        var dropped = new int?[candidates.Count];
        for (int chip = 0; chip < config.Chips; chip++)
        {
            for (int c = 0; c < candidates.Count; c++)
            {
                if (dropped[c] is not null) continue;
                double value = score(candidates[c], chip);
                if (double.IsNaN(value))
                    throw new InvalidOperationException($"The score of candidate {c} on chip {chip} is NaN.");
                scores[c].Add(value);
            }
            int n = chip + 1;
            if (n < config.MinChips) continue;
            int leader = Leader(scores, dropped);
            for (int c = 0; c < candidates.Count; c++)
            {
                if (c == leader || dropped[c] is not null) continue;
                if (ClearlyWorse(scores[leader], scores[c])) dropped[c] = n;
            }
        }
        var entries = candidates.Select((candidate, c) => new RaceEntry<T>(candidate, scores[c], dropped[c])).ToList();
        return new PairedRaceResult<T>(entries, Leader(scores, dropped), config.Chips);
    }

    /// <summary>
    /// Whether <paramref name="other"/> is worse than <paramref name="leader"/> on the same chips: the lower end of
    /// the two-sided 95% t-interval of the mean paired gap (F36's interval, on differences) lies above 0.
    /// </summary>
    public static bool ClearlyWorse(IReadOnlyList<double> leader, IReadOnlyList<double> other)
    {
        if (leader.Count != other.Count)
            throw new ArgumentException($"Paired scores expected; got {leader.Count} and {other.Count} chips.");
        if (leader.Count < 2) return false;
        var gaps = leader.Select((s, i) => s - other[i]).ToList();
        double half = ConfidenceInterval.StudentT975(gaps.Count - 1) * Statistics.StandardDeviation(gaps)
                      / Math.Sqrt(gaps.Count);
        return gaps.Average() - half > 0;
    }

    /// <summary>The surviving candidate of highest mean; ties go to the first.</summary>
    private static int Leader(List<double>[] scores, int?[] dropped)
    {
        int best = -1;
        for (int c = 0; c < scores.Length; c++)
            if (dropped[c] is null && (best < 0 || scores[c].Average() > scores[best].Average())) best = c;
        return best;
    }
}
