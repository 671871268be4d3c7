using CorrectNet.Data;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>
/// Tiny models and synthetic data for training and experiment tests. Everything random is drawn from explicit
/// generators, never torch's global one, so tests running in parallel cannot disturb each other's weights.
/// </summary>
internal static class TrainingTestData
{
    public const int Classes = 3;
    public const int Side = 8;

    /// <summary>MLP 64 → 26 → 13 → 3.</summary>
    public static ModelSpec TinyMlp { get; } =
        new("mlp", InChannels: 1, ImageSize: Side, Classes: Classes, WidthMultiplier: 0.1);

    public static readonly string[] ClassNames = ["a", "b", "c"];

    /// <summary>A small, fast training recipe (callers vary it with <c>with</c>).</summary>
    public static TrainingSetup Setup(int epochs = 2, long seed = 1) =>
        new(TinyMlp, "synthetic", new DatasetOptions(MaxTrain: 192, MaxTest: 96),
            new TrainingConfig { Epochs = epochs, BatchSize = 32, LearningRate = 0.05, Seed = seed });

    /// <summary>
    /// A learnable 3-class problem of 1×8×8 images: each class has a fixed random prototype; an image is its
    /// class's prototype plus Gaussian noise (σ = 0.5). Labels cycle 0, 1, 2, …
    /// </summary>
    public static DatasetSplits Synthetic(int train = 192, int test = 96, long seed = 7)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)seed));
        var prototypes = randn([Classes, 1, Side, Side], generator: generator);
        return new DatasetSplits(Part("synthetic/train", train), Part("synthetic/test", test));

        ImageDataset Part(string name, int count)
        {
            var labels = arange(count, dtype: ScalarType.Int64).remainder(Classes);
            var images = prototypes.index_select(0, labels) + 0.5 * randn([count, 1, Side, Side], generator: generator);
            return ImageDataset.FromTensors(name, images, labels, Classes, ClassNames, Normalization.Identity(1));
        }
    }

    /// <summary>Builds the model and overwrites every parameter with U(−1/√fan_in, 1/√fan_in) from a seeded
    /// generator.</summary>
    public static nn.Module<Tensor, Tensor> SeededModel(ModelSpec spec, long seed)
    {
        torch.zeros(1).Dispose();
        var model = ModelZoo.Create(spec);
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        foreach (var (_, parameter) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            long fanIn = parameter.dim() > 1
                ? parameter.shape.Skip(1).Aggregate(1L, (a, b) => a * b)
                : parameter.shape[0];
            double bound = 1 / Math.Sqrt(fanIn);
            parameter.copy_((rand(parameter.shape, generator: generator) * 2 - 1) * bound);
        }

        return model;
    }

    /// <summary>A fixed input batch for comparing model outputs.</summary>
    public static Tensor FixedInput(ModelSpec spec, int count = 5, long seed = 99)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        return randn([count, spec.InChannels, spec.ImageSize, spec.ImageSize], generator: generator);
    }

    /// <summary>Output of the model in eval mode without gradients.</summary>
    public static float[] Outputs(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        model.eval();
        using var noGrad = no_grad();
        using var output = model.call(input);
        return output.data<float>().ToArray();
    }

    /// <summary>Every parameter and buffer, by name, as flat float arrays.</summary>
    public static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.to_type(ScalarType.Float32).data<float>().ToArray());

    /// <summary>Asserts same names and bit-identical values.</summary>
    public static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        var a = Weights(expected);
        var b = Weights(actual);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, values) in a)
        {
            Assert.True(values.SequenceEqual(b[name]), $"Parameter '{name}' differs.");
        }
    }

    public static bool SameWeights(nn.Module a, nn.Module b)
    {
        var x = Weights(a);
        var y = Weights(b);
        return x.Keys.Order().SequenceEqual(y.Keys.Order()) && x.All(p => p.Value.SequenceEqual(y[p.Key]));
    }

    /// <summary>The record without its wall-clock time, the only field that may differ between equal runs.</summary>
    public static EpochRecord WithoutTime(EpochRecord record) => record with { Seconds = 0 };
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "correctnet-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Every file below the folder, relative to it, sorted.</summary>
    public string[] Files() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f)).Order().ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
