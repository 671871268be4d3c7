
namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// Computes one cell of a sweep. <see cref="TrainingCellEvaluator"/> trains and runs the Monte-Carlo evaluation; tests
/// pass a fast fake. Must be deterministic in the cell: the same cell gives the same numbers on any shard.
/// </summary>
public interface ISweepCellEvaluator
{
    /// <remarks>
    /// <para>status: Short human-readable updates ("training epoch 2/3", "σ = 0.5: 81.2%").</para>
    /// </remarks>
    SweepCellEvaluation Evaluate(SweepCell cell, IProgress<string>? status, CancellationToken cancellation);
}
