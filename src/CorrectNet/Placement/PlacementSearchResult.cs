namespace CorrectNet.Placement;

/// <summary>
/// The result of one placement search: the best placement it saw (highest reward), every placement it asked for in order,
/// and how many placements the environment had to evaluate afresh for it (cache hits excluded). The RL agent also gives
/// the reward of every episode and the placement its final policy picks greedily (argmax per layer).
/// </summary>
public sealed record PlacementSearchResult(
    string Method,
    PlacementEvaluation Best,
    IReadOnlyList<PlacementEvaluation> Visited,
    int NewEvaluations,
    IReadOnlyList<double>? EpisodeRewards = null,
    UnitPlacement? PolicyPlacement = null);
