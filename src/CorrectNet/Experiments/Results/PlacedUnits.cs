namespace CorrectNet.Experiments.Results;

/// <summary>
/// A placement search and what came of it: the <see cref="Report"/> of the search, the layers of its best placement
/// (<see cref="Layers"/>) and the units trained there (<see cref="Outcome"/>; null when the best placement has none).
/// </summary>
public sealed record PlacedUnits(PlacementReport Report, IReadOnlyList<string> Layers, CompensationOutcome? Outcome);
