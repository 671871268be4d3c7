using CorrectNet.Placement;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// The placement study of one model under one hardware: the layers with their sensitivities, the digital accuracy,
/// every search run (in the order asked), how placements were scored, and how many were scored afresh in this call
/// (the rest came from the in-memory or on-disk cache).
/// </summary>
public sealed record PlacementReport(
    IReadOnlyList<PlacementSite> Sites,
    double CleanAccuracy,
    double Alpha,
    OverheadMeasure Measure,
    IReadOnlyList<PlacementSearchResult> Searches,
    int Evaluations,
    int TrainedPlacements,
    IReadOnlyList<PlacementEvaluation> Evaluated)
{
    /// <summary>How the searches scored placements (docs/method.md F31 or F38).</summary>
    public PlacementScoring Scoring { get; init; } = PlacementScoring.PerPlacement;

    /// <summary>The search of <paramref name="method"/>, one of <see cref="PlacementSearchRegistry.Names"/>.</summary>
    public PlacementSearchResult this[string method] => Searches.First(s => s.Method == method);

    /// <summary>Layer names of a placement.</summary>
    public IReadOnlyList<string> LayersOf(UnitPlacement placement) =>
        [.. Sites.Where((_, l) => placement.Has(l)).Select(s => s.Name)];
}
