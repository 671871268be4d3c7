using System.Diagnostics;
using System.Globalization;
using CorrectNet.Models;
using CorrectNet.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet bench --penalty: the cost of the Lipschitz penalty (docs/method.md F23) in training. Each repetition
/// times one SGD step (batch of seeded random images, forward, cross-entropy, backward, update) without the penalty and
/// one with the enhanced penalty added, back to back (in alternating order) on the same model and batch; the reported ratio is the median over
/// repetitions of (step with penalty) / (step without), so load on a shared machine shifts both sides alike. A training
/// epoch is these steps plus data loading, which the penalty does not touch, so the epoch-time ratio is at most this.
/// </summary>
internal static class PenaltyBench
{
    public sealed record Result(string Model, double PlainMs, double PenaltyMs, double Ratio);

    public static IReadOnlyList<Result> Run(int batch, int repeats, double vggWidth, long seed, Device device)
    {
        var specs = new[]
        {
            new ModelSpec("lenet5", InChannels: 1, ImageSize: 28, Classes: 10),
            new ModelSpec("vgg16", InChannels: 1, ImageSize: 32, Classes: 10, WidthMultiplier: vggWidth),
        };
        var results = specs.Select(spec => Measure(spec, batch, repeats, seed, device)).ToList();

        var table = new Table().Title($"training step with / without the enhanced Lipschitz penalty: medians over {repeats} repetitions, batch {batch}")
            .AddColumns("model", "step without (ms)", "step with (ms)", "ratio");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Model), Fmt(r.PlainMs), Fmt(r.PenaltyMs), r.Ratio.ToString("F3", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        return results;
    }

    private static Result Measure(ModelSpec spec, int batch, int repeats, long seed, Device device)
    {
        torch.manual_seed(seed);
        using var model = ModelZoo.Create(spec);
        model.to(device).train();
        long[] inputShape = [spec.InChannels, spec.ImageSize, spec.ImageSize];
        var penalty = new LipschitzPenalty(model, new LipschitzConfig { Kind = LipschitzKind.Enhanced, Beta = 0.001, Sigma = 0.5 }, inputShape);
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

        Console.Error.WriteLine($"penalty bench: {spec.Name}, warm-up");
        for (int i = 0; i < 2; i++) { Step(false); Step(true); }
        var plain = new double[repeats];
        var withPenalty = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            // Alternate which step goes first, so neither side always inherits the other's warm caches.
            if (i % 2 == 0) { plain[i] = Step(false); withPenalty[i] = Step(true); }
            else { withPenalty[i] = Step(true); plain[i] = Step(false); }
        }
        return new Result(spec.Name, BenchCommand.Median(plain), BenchCommand.Median(withPenalty),
            BenchCommand.Median(withPenalty.Zip(plain, (p, n) => p / n)));
    }

    private static string Fmt(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
