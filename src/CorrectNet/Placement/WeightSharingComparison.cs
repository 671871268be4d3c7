using CorrectNet.Evaluation;

namespace CorrectNet.Placement;

/// <summary>
/// Weight-sharing scores against per-placement training on the same placements and chips (docs/method.md F38's
/// validation): Spearman's ρ of the rewards and of the accuracies; each side's optimum (highest reward, ties: first);
/// and what the shortcut's choice is worth once retrained: <see cref="ChoiceRewardGap"/> = the per-placement
/// optimum's reward − the per-placement reward of the shortcut's choice (0 when the optimum is the same).
/// </summary>
/// <param name="PerPlacement">Per-placement training's evaluations (F31).</param>
/// <param name="Shared">The weight-sharing scores of the same placements, in the same order.</param>
public sealed record WeightSharingComparison(
    IReadOnlyList<PlacementEvaluation> PerPlacement, IReadOnlyList<PlacementEvaluation> Shared)
{
    public double RewardSpearman =>
        RankCorrelation.Spearman([.. PerPlacement.Select(e => e.Reward)], [.. Shared.Select(e => e.Reward)]);

    public double AccuracySpearman => RankCorrelation.Spearman(
        [.. PerPlacement.Select(e => e.Outcome.Accuracy)], [.. Shared.Select(e => e.Outcome.Accuracy)]);

    /// <summary>The per-placement optimum.</summary>
    public PlacementEvaluation Optimum => PlacementSearches.BestOf(PerPlacement);

    /// <summary>The shortcut's choice, as per-placement training scores it (its retrained evaluation).</summary>
    public PlacementEvaluation Choice => PerPlacement[IndexOfBest(Shared)];

    public bool SameOptimum => Choice.Placement.Equals(Optimum.Placement);

    /// <summary>Optimum's reward − the retrained choice's reward (≥ 0; 0.01 = one point of accuracy ratio).</summary>
    public double ChoiceRewardGap => Optimum.Reward - Choice.Reward;

    /// <summary>Optimum's accuracy − the retrained choice's accuracy (fraction; may be negative: the reward also
    /// counts overhead).</summary>
    public double ChoiceAccuracyGap => Optimum.Outcome.Accuracy - Choice.Outcome.Accuracy;

    /// <summary>Checks that both sides list the same placements in the same order.</summary>
    public WeightSharingComparison Validate()
    {
        if (PerPlacement.Count != Shared.Count || PerPlacement.Count < 2)
            throw new ArgumentException(
                $"Both sides need the same placements (≥ 2); got {PerPlacement.Count} and {Shared.Count}.");
        for (int i = 0; i < PerPlacement.Count; i++)
            if (!PerPlacement[i].Placement.Equals(Shared[i].Placement))
                throw new ArgumentException(
                    $"Placement {i}: [{PerPlacement[i].Placement.Key}] vs [{Shared[i].Placement.Key}].");
        return this;
    }

    private static int IndexOfBest(IReadOnlyList<PlacementEvaluation> evaluations)
    {
        int best = 0;
        for (int i = 1; i < evaluations.Count; i++)
            if (evaluations[i].Reward > evaluations[best].Reward) best = i;
        return best;
    }
}
