using System.Diagnostics;
using CorrectNet.Data;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Benchmarks;

/// <summary>
/// Training speed of the kit's <see cref="Trainer"/> against a plain hand-written loop, measured in the same run on
/// the same seeded random images (Fashion-MNIST's shapes: LeNet-5 1×28×28, VGG-16 1×32×32 with BatchNorm). Both
/// train the kit's default recipe (<see cref="TrainingConfig"/>: SGD, momentum, weight decay, batch 128) from the
/// same initial weights in the same data order, for one epoch of <c>steps</c> batches (the plain loop keeps the
/// plain contiguous memory order; the kit trains with its setting). The kit's time is the whole
/// Train call (its per-step bookkeeping and its end-of-epoch evaluation of one test batch); the plain loop is the
/// textbook one: a shuffled index_select batch, forward, cross-entropy, backward, step, loss.item(). Repetitions
/// alternate which goes first, so load on a shared machine shifts both sides alike.
/// </summary>
public static class TrainingBench
{
    /// <summary>LeNet-5 and VGG-16 at <paramref name="vggWidth"/>, on Fashion-MNIST's image shapes.</summary>
    public static IReadOnlyList<ModelSpec> Specs(double vggWidth) =>
    [
        new ModelSpec("lenet5", InChannels: 1, ImageSize: 28, Classes: 10),
        new ModelSpec("vgg16", InChannels: 1, ImageSize: 32, Classes: 10, WidthMultiplier: vggWidth),
    ];

    public static IReadOnlyList<TrainingBenchResult> Run(int steps, int repeats, double vggWidth, long seed,
        Device device, Action<string>? log = null) =>
        [.. Specs(vggWidth).Select(spec => Measure(spec, steps, repeats, seed, device, log))];

    /// <summary>
    /// One untimed warm-up of each side, then <paramref name="repeats"/> timed repetitions of both, in alternating
    /// order.
    /// </summary>
    public static TrainingBenchResult Measure(ModelSpec spec, int steps, int repeats, long seed, Device device,
        Action<string>? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var config = new TrainingConfig { Epochs = 1, Seed = seed };
        var setup = new TrainingSetup(spec, "random", new DatasetOptions(), config);
        using var data = RandomData(spec, steps * config.BatchSize, config.BatchSize, seed);
        string label = SimulatorBench.Label(spec);

        log?.Invoke($"training bench: {label}, warm-up");
        Plain(spec, setup, data.Train, device).Dispose();
        Kit(spec, setup, data, device).Dispose();
        var plain = new double[repeats];
        var kit = new double[repeats];
        double difference = double.NaN;
        for (int r = 0; r < repeats; r++)
        {
            // Alternate which side goes first, so neither always inherits the other's warm caches.
            var (first, second) = r % 2 == 0
                ? (Timed(() => Plain(spec, setup, data.Train, device)), Timed(() => Kit(spec, setup, data, device)))
                : (Timed(() => Kit(spec, setup, data, device)), Timed(() => Plain(spec, setup, data.Train, device)));
            var (p, k) = r % 2 == 0 ? (first, second) : (second, first);
            plain[r] = p.Ms / steps;
            kit[r] = k.Ms / steps;
            difference = MaxDifference(p.Model, k.Model);
            p.Model.Dispose();
            k.Model.Dispose();
            log?.Invoke($"training bench: {label}, repetition {r + 1}/{repeats}: plain {plain[r]:F1} ms/step, " +
                $"kit {kit[r]:F1} ms/step");
        }
        return new TrainingBenchResult(label, steps, config.BatchSize, BenchMedians.Of(plain), BenchMedians.Of(kit),
            BenchMedians.Of(plain.Zip(kit, (p, k) => p / k)), difference);
    }

    /// <summary>
    /// The plain loop, from the weights and in the data order the Trainer uses: torch.manual_seed(seed) before the
    /// model is built, and epoch 0's permutation from the Trainer's shuffle generator.
    /// </summary>
    private static nn.Module<Tensor, Tensor> Plain(ModelSpec spec, TrainingSetup setup, ImageDataset train,
        Device device)
    {
        var config = setup.Training;
        torch.manual_seed(config.Seed);
        var model = ModelZoo.Create(spec);
        model.to(device).train();
        using var optimizer = optim.SGD(model.parameters(), config.LearningRate, momentum: config.Momentum,
            weight_decay: config.WeightDecay);
        using var shuffle = new Generator(Trainer.ShuffleSeed(config.Seed, epoch: 0));
        using var order = randperm(train.Count, generator: shuffle);
        for (long start = 0; start < train.Count; start += config.BatchSize)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(config.BatchSize, train.Count - start));
            var x = train.Images.index_select(0, index).to(device);
            var y = train.Labels.index_select(0, index).to(device);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        }
        return model;
    }

    private static nn.Module<Tensor, Tensor> Kit(ModelSpec spec, TrainingSetup setup, DatasetSplits data,
        Device device)
    {
        torch.manual_seed(setup.Training.Seed);
        var model = ModelZoo.Create(spec);
        model.to(device);
        new Trainer(setup, device).Train(model, data);
        return model;
    }

    private static (double Ms, nn.Module<Tensor, Tensor> Model) Timed(Func<nn.Module<Tensor, Tensor>> train)
    {
        long start = Stopwatch.GetTimestamp();
        var model = train(); // both end on a host read (loss.item, accuracy), so the device has finished
        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, model);
    }

    private static double MaxDifference(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b)
    {
        using var scope = NewDisposeScope();
        return a.parameters().Zip(b.parameters(), (x, y) => (x - y).abs().max().ToDouble()).Max();
    }

    /// <summary>
    /// <paramref name="count"/> seeded standard-normal images (like normalized pixels) with seeded labels, and one
    /// batch of test images (the Trainer evaluates after its epoch).
    /// </summary>
    private static DatasetSplits RandomData(ModelSpec spec, int count, int testCount, long seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed + 1);
        long[] shape = [spec.InChannels, spec.ImageSize, spec.ImageSize];
        var names = Enumerable.Range(0, spec.Classes).Select(c => $"class {c}").ToArray();
        var normalization = Normalization.Identity(spec.InChannels);
        ImageDataset Set(string name, int n) => ImageDataset.FromTensors(name,
            randn([n, .. shape], generator: generator), randint(0, spec.Classes, [n], generator: generator),
            spec.Classes, names, normalization);
        return new DatasetSplits(Set("random[train]", count), Set("random[test]", testCount));
    }
}
