using CorrectNet.Compensation;
using CorrectNet.Evaluation;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// Units on <see cref="Units"/>, trained per <see cref="Training"/>: Monte-Carlo accuracy on the same unseen evaluation
/// chips before (no units) and after, the units' cost, and where the compensated checkpoint is (one file, loadable with
/// <see cref="CompensatedCheckpoint.Load"/>).
/// </summary>
public sealed record CompensationOutcome(
    IReadOnlyList<CompensationSpec> Units,
    MonteCarloResult Before,
    MonteCarloResult After,
    CompensationCost Cost,
    CompensationTrainingConfig Training,
    string CheckpointPath,
    double TrainingSeconds,
    bool FromCache)
{
    /// <summary>After / clean: the paper's "&gt; 95% of the original accuracy" is AfterRatio &gt; 0.95.</summary>
    public double AfterRatio => Before.CleanAccuracy > 0 ? After.Mean / Before.CleanAccuracy : 0;
}
