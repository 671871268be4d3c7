namespace CorrectNet;

/// <summary>
/// What a span of wall time was spent on (<see cref="StageClock"/>, docs/method.md F40). Time outside every stage is
/// "other": the rest of a notebook's wall time (kernel start, cache reads, figures).
/// </summary>
public enum Stage
{
    /// <summary>Model training (<c>Trainer.Train</c>), quantization-aware fine-tuning included.</summary>
    Training,

    /// <summary>Monte-Carlo accuracy evaluations on sampled chips (<c>MonteCarloEvaluator.Evaluate</c>).</summary>
    MonteCarlo,

    /// <summary>Compensation-unit training (<c>CompensationTrainer.Train</c>).</summary>
    Units,

    /// <summary>Placement and quantization searches, with every training and evaluation they run.</summary>
    Searches,
}
