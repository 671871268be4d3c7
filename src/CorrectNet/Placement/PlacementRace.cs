using CorrectNet.Evaluation;

namespace CorrectNet.Placement;

/// <summary>
/// Racing placements on paired chips (docs/method.md F39): each candidate's score on chip i is the reward F31 of its
/// accuracy on that chip alone, R_i = Acc_i / Acc_clean − α · overhead, so a placement that costs more must win back
/// its overhead on the same chips. The winner is reported on the full budget of <see cref="PairedRaceConfig.Chips"/>.
/// </summary>
public static class PlacementRace
{
    /// <param name="environment">Gives the reward (α, overhead measure).</param>
    /// <param name="candidates">Placements to compare (distinct).</param>
    /// <param name="onChip">(placement, chip position i) → its outcome on that one chip, e.g.
    /// <see cref="WeightSharingPlacementEvaluator.EvaluateOnChip"/>.</param>
    /// <param name="config">Budget and drop rule.</param>
    public static PairedRaceResult<UnitPlacement> Run(
        PlacementEnvironment environment,
        IReadOnlyList<UnitPlacement> candidates,
        Func<UnitPlacement, int, PlacementOutcome> onChip,
        PairedRaceConfig? config = null) =>
        PairedRace.Run(candidates, (placement, chip) => environment.Reward(onChip(placement, chip)), config);
}
