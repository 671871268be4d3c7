using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Quantization;

/// <summary>
/// Short quantization-aware fine-tuning [ours]: a few epochs of variation-aware training (<see cref="Trainer"/> with
/// <see cref="TrainingConfig.VariationAware"/>) on the hardware of one setting, so every mini-batch runs forward on a
/// fresh chip with the setting's weight, input and ADC quantization and backward by the straight-through estimator,
/// at a fraction of the original learning rate.
/// </summary>
public static class QuantizationAwareFineTuning
{
    /// <summary>Fraction of the trained learning rate that fine-tuning uses by default.</summary>
    public const double DefaultLearningRateFraction = 0.1;

    /// <summary>
    /// The training setup of the fine-tuning: <paramref name="trained"/> with the setting's hardware,
    /// <paramref name="epochs"/> epochs and a lower learning rate.
    /// </summary>
    public static TrainingSetup SetupFor(
        TrainingSetup trained,
        CrossbarConfig settingHardware,
        int epochs,
        double learningRateFraction = DefaultLearningRateFraction)
    {
        if (epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Fine-tuning needs at least one epoch.");
        if (!(learningRateFraction > 0))
            throw new ArgumentOutOfRangeException(
                nameof(learningRateFraction), learningRateFraction, "The learning-rate fraction must be > 0.");
        return trained with
        {
            Training = trained.Training with
            {
                Epochs = epochs,
                LearningRate = trained.Training.LearningRate * learningRateFraction,
                VariationAware = settingHardware,
            },
        };
    }

    /// <summary>
    /// Fine-tunes <paramref name="model"/> in place (pass a copy to keep the original) under <paramref name="setup"/>
    /// from <see cref="SetupFor"/>.
    /// </summary>
    public static IReadOnlyList<EpochRecord> FineTune(
        nn.Module<Tensor, Tensor> model,
        TrainingSetup setup,
        DatasetSplits data,
        string? checkpointPath = null,
        Device? device = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        if (setup.Training.VariationAware is null)
            throw new ArgumentException(
                "Quantization-aware fine-tuning needs TrainingConfig.VariationAware (use SetupFor).", nameof(setup));
        return new Trainer(setup, device).Train(model, data, checkpointPath, progress, cancellation);
    }
}
