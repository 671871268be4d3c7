namespace CorrectNet.Experiments.Results;

/// <summary>The three trainings of the pipeline comparison (docs/method.md F37); owns them, dispose when
/// done.</summary>
/// <param name="Plain">Plain training (F3).</param>
/// <param name="VariationAware">Variation-aware training at the design σ.</param>
/// <param name="Suppressed">Enhanced Lipschitz training (F23–F24), stage 1 of the pipeline.</param>
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
