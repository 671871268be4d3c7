namespace CorrectNet.Placement;

/// <summary>
/// The result of one placement search: the best placement it saw (highest reward), every placement it asked for in
/// order, how many placements the environment had to evaluate afresh for it (cache hits excluded, so it depends on
/// which searches ran before on the same environment) and, order-independent, how many distinct placements it asked for
/// (<see cref="Distinct"/>). The RL agent also gives
/// the reward of every episode and the placement its final policy picks greedily (argmax per layer).
/// </summary>
public sealed record PlacementSearchResult(
    string Method,
    PlacementEvaluation Best,
    IReadOnlyList<PlacementEvaluation> Visited,
    int NewEvaluations,
    IReadOnlyList<double>? EpisodeRewards = null,
    UnitPlacement? PolicyPlacement = null)
{
    /// <summary>
    /// Distinct placements this search asked for, whether or not another search had already evaluated them: the
    /// search's own cost, independent of the order searches ran on a shared cache (<see cref="NewEvaluations"/> is not)
    /// [ours].
    /// </summary>
    public int Distinct => Visited.Select(v => v.Placement.Key).Distinct(StringComparer.Ordinal).Count();

    /// <summary>Distinct placements asked for up to and including the first request of <see cref="Best"/>.</summary>
    public int DistinctUntilBest
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in Visited)
            {
                seen.Add(v.Placement.Key);
                if (v.Placement.Key == Best.Placement.Key) break;
            }
            return seen.Count;
        }
    }
}
