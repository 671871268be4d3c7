using System.Diagnostics;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Benchmarks;

/// <summary>
/// The cost of the Lipschitz penalty (docs/method.md F23) in training. Each repetition times one SGD step (batch of
/// seeded random images, forward, cross-entropy, backward, update) without the penalty and one with the enhanced
/// penalty added, back to back (in alternating order) on the same model and batch; the ratio is the median over
/// repetitions of (step with penalty) / (step without), so load on a shared machine shifts both sides alike. A
/// training epoch is these steps plus data loading, which the penalty does not touch, so the epoch-time ratio is at
/// most this.
/// </summary>
public static class PenaltyBench
{
    /// <summary>Untimed steps of each kind before the timed ones (allocator and kernel caches warm up).</summary>
    public const int WarmUpSteps = 2;

    /// <summary>LeNet-5 and VGG-16 at <paramref name="vggWidth"/>, one input channel each.</summary>
    public static IReadOnlyList<ModelSpec> Specs(double vggWidth) =>
    [
        new ModelSpec("lenet5", InChannels: 1, ImageSize: 28, Classes: 10),
        new ModelSpec("vgg16", InChannels: 1, ImageSize: 32, Classes: 10, WidthMultiplier: vggWidth),
    ];

    public static IReadOnlyList<PenaltyBenchResult> Run(
        int batch, int repeats, double vggWidth, long seed, Device device, Action<string>? log = null) =>
        [.. Specs(vggWidth).Select(spec => Measure(spec, batch, repeats, seed, device, log))];

    public static PenaltyBenchResult Measure(
        ModelSpec spec, int batch, int repeats, long seed, Device device, Action<string>? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        torch.manual_seed(seed);
        using var model = ModelZoo.Create(spec);
        model.to(device).train();
        long[] inputShape = [spec.InChannels, spec.ImageSize, spec.ImageSize];
        var lipschitz = new LipschitzConfig { Kind = LipschitzKind.Enhanced, Beta = 0.001, Sigma = 0.5 };
        var penalty = new LipschitzPenalty(model, lipschitz, inputShape);
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        using var generator = new Generator((ulong)seed);
        using var cpuImages = randn([batch, .. inputShape], generator: generator);
        using var cpuLabels = randint(0, spec.Classes, [batch], generator: generator);
        using var images = cpuImages.to(device);
        using var labels = cpuLabels.to(device);

        double Step(bool withPenalty)
        {
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(images), labels);
                if (withPenalty) loss = loss + penalty.Compute();
                loss.backward();
                optimizer.step();
                _ = loss.item<float>(); // waits for the step on any device
            }
            return clock.Elapsed.TotalMilliseconds;
        }

        log?.Invoke($"penalty bench: {spec.Name}, warm-up");
        for (int i = 0; i < WarmUpSteps; i++) { Step(false); Step(true); }
        var plain = new double[repeats];
        var withPenalty = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            // Alternate which step goes first, so neither side always inherits the other's warm caches.
            if (i % 2 == 0) { plain[i] = Step(false); withPenalty[i] = Step(true); }
            else { withPenalty[i] = Step(true); plain[i] = Step(false); }
        }
        return new PenaltyBenchResult(spec.Name, BenchMedians.Of(plain), BenchMedians.Of(withPenalty),
            BenchMedians.Of(withPenalty.Zip(plain, (p, n) => p / n)));
    }
}
