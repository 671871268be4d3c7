namespace CorrectNet.Placement;

/// <summary>A placement, its outcome and its reward R = Acc_MC / Acc_clean − α · overhead (docs/method.md
/// F31).</summary>
public sealed record PlacementEvaluation(UnitPlacement Placement, PlacementOutcome Outcome, double Reward);
