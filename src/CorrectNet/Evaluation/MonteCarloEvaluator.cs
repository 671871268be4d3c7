using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Evaluation;

/// <summary>
/// Monte-Carlo accuracy of an analog model: program chip k, classify the test set, repeat (docs/method.md F35–F36).
/// </summary>
public static class MonteCarloEvaluator
{
    /// <summary>
    /// Evaluates chips <paramref name="firstChip"/> … firstChip + chips − 1 of <paramref name="seed"/>. The clean
    /// accuracy is that of the ideal devices (variation-free, same quantization), with the trained BatchNorm
    /// statistics. With <paramref name="recalibration"/>, each chip's BatchNorm statistics are re-estimated after it is
    /// programmed (F36a) and the trained ones put back at the end.
    /// </summary>
    public static MonteCarloResult Evaluate(
        AnalogModel analog,
        ImageDataset test,
        int chips,
        long seed,
        long firstChip = 0,
        string label = "",
        double? adcEnergyPicojoules = null,
        Device? device = null,
        int batchSize = ClassificationAccuracy.DefaultBatchSize,
        IProgress<MonteCarloProgress>? progress = null,
        CancellationToken cancellation = default,
        BatchNormRecalibration? recalibration = null)
    {
        using var stage = StageClock.Enter(Stage.MonteCarlo);
        if (chips < 1) throw new ArgumentOutOfRangeException(nameof(chips), chips, "At least one chip.");
        analog.UseIdeal();
        double clean = ClassificationAccuracy.Evaluate(analog.Model, test, device, batchSize);
        var accuracies = new double[chips];
        for (int i = 0; i < chips; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var chip = new Chip(seed, firstChip + i);
            analog.UseChip(chip);
            recalibration?.Recalibrate();
            accuracies[i] = ClassificationAccuracy.Evaluate(analog.Model, test, device, batchSize);
            progress?.Report(new MonteCarloProgress(i + 1, chips, chip.Index, accuracies[i]));
        }
        recalibration?.Restore();
        analog.UseIdeal();
        return new MonteCarloResult(label, seed, firstChip, accuracies, clean, adcEnergyPicojoules);
    }
}
