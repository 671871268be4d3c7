using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>
/// What the enhanced regularizer is for (docs/method.md F23, F26): on a short seeded LeNet-5 run on the first 2 000
/// Fashion-MNIST images, the relative feature error after the last layer under σ = 0.5 must be lower with the penalty
/// than without.
/// </summary>
public sealed class LipschitzAmplificationTests(ITestOutputHelper output)
{
    private const double Sigma = 0.5;
    private const int Chips = 20;
    private const int ProbeImages = 200;

    // Chosen settings. Adam (lr 0.002, batch 64, 2 epochs) rather than the default SGD (lr 0.05, momentum 0.9): with
    // SGD
    // the run is too short and unsteady for the penalty to act, and the comparison flips sign between β and seeds.
    // β = 0.1: with β ≤ 0.03 the effect is within chip noise, with β = 0.3 accuracy drops to ~0.45 and the error no
    // longer
    // falls further. Measured with this recipe (10 chips, last layer, plain → β = 0.1) for model seeds 1…6:
    // 1.113 → 0.994, 0.984 → 0.911, 1.167 → 1.093, 1.184 → 1.081, 1.181 → 1.137, 0.994 → 0.936 (4–11% lower every
    // time).
    private const double Beta = 0.1;
    private const long Seed = 1;

    private static TrainingSetup Setup(LipschitzConfig lipschitz) => new(
        new ModelSpec("lenet5"), DatasetRegistry.FashionMnist, new DatasetOptions(MaxTrain: 2000, MaxTest: 500),
        new TrainingConfig
        {
            Epochs = 2,
            BatchSize = 64,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 0.002,
            Seed = Seed,
            Lipschitz = lipschitz,
        });

    private static (IReadOnlyList<LayerError> Curve, double Accuracy) TrainAndProbe(
        DatasetSplits data, Tensor batch, LipschitzConfig lipschitz)
    {
        var setup = Setup(lipschitz);
        using var model = TrainingTestData.SeededModel(setup.Model, Seed);
        var history = new Trainer(setup).Train(model, data);
        using var analog = AnalogConversion.ToAnalog(model, CrossbarConfig.Lognormal(Sigma), [1, 28, 28]);
        // The same chips for both models: the draws depend on (seed, index, layer, stream) and the layer shapes only.
        var curve = ErrorPropagationProbe.Measure(
            analog, batch, Enumerable.Range(0, Chips).Select(k => new Chip(123, k)));
        return (curve, history[^1].TestAccuracy);
    }

    [Fact]
    public void EnhancedPenaltyLowersTheLastLayersRelativeError()
    {
        using var data = DatasetRegistry.Load(
            DatasetRegistry.FashionMnist, new DatasetOptions(MaxTrain: 2000, MaxTest: 500));
        using var batch = data.Test.Images.narrow(0, 0, ProbeImages).clone();

        var (plain, plainAccuracy) = TrainAndProbe(data, batch, LipschitzConfig.None);
        var (enhanced, enhancedAccuracy) = TrainAndProbe(data, batch,
            new LipschitzConfig { Kind = LipschitzKind.Enhanced, Beta = Beta, Sigma = Sigma });

        string report = $"plain (accuracy {plainAccuracy:F3}): {Curve(plain)}; " +
            $"enhanced β = {Beta} (accuracy {enhancedAccuracy:F3}): {Curve(enhanced)}";
        output.WriteLine(report);
        Assert.Equal(["conv1", "conv2", "fc1", "fc2", "fc3"], plain.Select(e => e.Layer));
        // Both models classify (chance is 0.1): a collapsed model whose outputs are all bias would have a trivially
        // small error.
        Assert.True(plainAccuracy >= 0.6 && enhancedAccuracy >= 0.5, report);
        // The margin: per-chip errors of the last layer scatter with a standard deviation of 0.15–0.27, so the mean of
        // 20
        // paired chips is good to a few percent; 3% is below every seed's measured effect (4–11%) and above that noise.
        Assert.True(enhanced[^1].RelativeError < 0.97 * plain[^1].RelativeError, report);
    }

    private static string Curve(IEnumerable<LayerError> curve) =>
        string.Join(" ", curve.Select(e => $"{e.Layer} {e.RelativeError:F3}"));
}
