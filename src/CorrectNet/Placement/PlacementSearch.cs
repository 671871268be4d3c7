namespace CorrectNet.Placement;

/// <summary>
/// One entry of <see cref="PlacementSearchRegistry"/>: a search's name, what it does (for help text), whether it
/// enumerates all 2^L placements (so runs only where <see cref="PlacementSearchRegistry.IsAffordable"/>), whether
/// <c>correctnet place --agent</c> offers it on its own, and how it runs on an environment.
/// </summary>
/// <param name="Name">As in <see cref="PlacementSearchNames"/> and <see cref="PlacementSearchResult.Method"/>.</param>
/// <param name="Description">One phrase for help text and notebooks.</param>
/// <param name="NeedsEveryPlacement">It evaluates all 2^L placements, so callers that run "every search" skip it
/// unless that count is affordable.</param>
/// <param name="Standalone">A search worth asking for alone; the others are reference points shown beside it.</param>
/// <param name="Run">Runs the search: the environment, the seed of its random choices, the RL agent's episodes.</param>
public sealed record PlacementSearch(
    string Name,
    string Description,
    bool NeedsEveryPlacement,
    bool Standalone,
    Func<PlacementEnvironment, long, int, PlacementSearchResult> Run)
{
    /// <summary>Runs the search as a <see cref="Stage.Searches"/> stage (its evaluations count to it).</summary>
    public Func<PlacementEnvironment, long, int, PlacementSearchResult> Run { get; init; } =
        (environment, seed, episodes) => StageClock.Time(Stage.Searches, () => Run(environment, seed, episodes));
}
