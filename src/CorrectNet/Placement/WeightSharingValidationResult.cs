using CorrectNet.Evaluation;

namespace CorrectNet.Placement;

/// <summary>
/// What <see cref="WeightSharingValidation.Run"/> measured, every time in wall-clock seconds of one run:
/// per-placement training of every placement; the shared training; scoring every placement with the shared units;
/// the race of every placement on paired chips with the shared units (F39); and the retraining of the shortcut's
/// choice (one per-placement evaluation, the one <see cref="WeightSharingComparison.Choice"/> reports).
/// </summary>
public sealed record WeightSharingValidationResult(
    WeightSharingComparison Comparison,
    PairedRaceResult<UnitPlacement> Race,
    double PerPlacementSeconds,
    double SharedTrainingSeconds,
    double SharedScoringSeconds,
    double RaceSeconds,
    double RetrainSeconds)
{
    /// <summary>The shortcut end to end: shared training + scoring every placement + retraining the choice.</summary>
    public double SharedSeconds => SharedTrainingSeconds + SharedScoringSeconds + RetrainSeconds;

    /// <summary>The shortcut with racing instead of full scoring.</summary>
    public double SharedRaceSeconds => SharedTrainingSeconds + RaceSeconds + RetrainSeconds;

    /// <summary>Per-placement seconds over the shortcut's (how many times faster).</summary>
    public double Speedup => PerPlacementSeconds / SharedSeconds;

    public double RaceSpeedup => PerPlacementSeconds / SharedRaceSeconds;
}
