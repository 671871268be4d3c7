namespace CorrectNet.Experiments.Results;

/// <summary>The three trainings of the pipeline comparison (docs/method.md F37); owns them, dispose when
/// done.</summary>
/// <param name="Plain">Plain training (F3).</param>
/// <param name="VariationAware">Variation-aware training at the design σ.</param>
/// <param name="Suppressed">Stage 1 of the pipeline: the training it chose (enhanced Lipschitz, F23–F24, alone or
/// with sampled chips; <see cref="PipelineResult.FirstStage"/>).</param>
public sealed record PipelineModels(TrainedModel Plain, TrainedModel VariationAware, TrainedModel Suppressed)
    : IDisposable
{
    public void Dispose()
    {
        Plain.Dispose();
        VariationAware.Dispose();
        Suppressed.Dispose();
    }
}
