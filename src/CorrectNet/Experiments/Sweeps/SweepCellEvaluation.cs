
namespace CorrectNet.Experiments.Sweeps;

/// <summary>What evaluating a cell produced: one result per σ of the cell (in the cell's σ order) and how its model was
/// trained.</summary>
public sealed record SweepCellEvaluation(IReadOnlyList<SweepSigmaResult> Results, SweepTrainingSummary? Training);
