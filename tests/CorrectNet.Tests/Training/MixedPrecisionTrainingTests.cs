using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Caching;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>
/// Mixed-precision training (docs/method.md F5b): bfloat16 convolutions and linear layers, float32 masters, optimizer,
/// loss, BatchNorm, penalty and evaluation. Tiny models on synthetic data.
/// </summary>
public sealed class MixedPrecisionTrainingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TrainingSetup Setup(TrainingPrecision precision, int epochs = 2, CrossbarConfig? hardware = null,
        LipschitzConfig? lipschitz = null)
    {
        var setup = TrainingTestData.Setup(epochs);
        return setup with
        {
            Training = setup.Training with
            {
                Precision = precision,
                VariationAware = hardware,
                Lipschitz = lipschitz ?? LipschitzConfig.None,
            },
        };
    }

    private static double MaxAbsDifference(nn.Module a, nn.Module b)
    {
        var x = TrainingTestData.Weights(a);
        var y = TrainingTestData.Weights(b);
        return x.Max(p => p.Value.Zip(y[p.Key], (u, v) => Math.Abs(u - v)).DefaultIfEmpty(0f).Max());
    }

    private static void AssertFloat32(nn.Module model)
    {
        foreach (var (name, tensor) in model.state_dict())
            if (tensor.is_floating_point())
                Assert.True(tensor.dtype == ScalarType.Float32, $"'{name}' is {tensor.dtype} after training.");
    }

    [Fact]
    public void Float32SetupsKeepTheirJsonAndKeysAndBfloat16IsRecorded()
    {
        // The field is left out when float32: the JSON (so every cache key and checkpoint header) of a setup written
        // before the choice existed is unchanged, byte for byte.
        var setup = TrainingTestData.Setup();
        const string Before = "{\"epochs\":2,\"batch_size\":32,\"optimizer\":\"sgd\",\"learning_rate\":0.05," +
            "\"momentum\":0.9,\"weight_decay\":0.0005,\"schedule\":\"cosine\",\"step_epochs\":30,\"step_gamma\":0.1," +
            "\"seed\":1,\"lipschitz\":{\"kind\":\"none\",\"beta\":0.01,\"sigma\":0.5,\"excluded_layers\":[]}," +
            "\"variation_aware\":null}";
        Assert.Equal(Before, JsonFormat.Serialize(setup.Training));

        var mixed = setup with { Training = setup.Training with { Precision = TrainingPrecision.Bfloat16 } };
        Assert.Contains("\"precision\":\"bfloat16\"", JsonFormat.Serialize(mixed.Training));
        Assert.NotEqual(ResultCache.KeyOf(setup), ResultCache.KeyOf(mixed));
        var roundTrip = JsonFormat.Deserialize<TrainingSetup>(JsonFormat.Serialize(mixed), "test");
        Assert.Equal(TrainingPrecision.Bfloat16, roundTrip.Training.Precision);
        Assert.Equal(TrainingPrecision.Float32,
            JsonFormat.Deserialize<TrainingSetup>(JsonFormat.Serialize(setup), "test").Training.Precision);
    }

    [Fact]
    public void Bfloat16RunIsDeterministicLearnsAndEndsAsAFloat32ModelNearTheFloat32Run()
    {
        using var data = TrainingTestData.Synthetic();
        using var a = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 51);
        using var b = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 51);
        using var full = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 51);

        var history = new Trainer(Setup(TrainingPrecision.Bfloat16)).Train(a, data);
        var again = new Trainer(Setup(TrainingPrecision.Bfloat16)).Train(b, data);
        var fullHistory = new Trainer(Setup(TrainingPrecision.Float32)).Train(full, data);

        TrainingTestData.AssertSameWeights(a, b);
        Assert.Equal(history.Select(TrainingTestData.WithoutTime), again.Select(TrainingTestData.WithoutTime));
        AssertFloat32(a);
        // bfloat16 is really used: rounding to 8 mantissa bits moves the weights off the float32 run's …
        double difference = MaxAbsDifference(a, full);
        Assert.True(difference > 1e-5, $"bfloat16 training gave float32's weights (max |Δw| = {difference}).");
        // … but not far: weights are O(0.1–1), bfloat16's relative rounding is 2⁻⁹ ≈ 0.002 per operation.
        Assert.True(difference < 0.05, $"max |Δw| = {difference} between bfloat16 and float32 training.");
        Assert.True(history[^1].TestAccuracy >= 0.9, $"Test accuracy {history[^1].TestAccuracy}.");
        Assert.Equal(fullHistory[^1].TestAccuracy, history[^1].TestAccuracy, 0.05);
        // The reported accuracy is the float32 model's.
        Assert.Equal(history[^1].TestAccuracy, ClassificationAccuracy.Evaluate(a, data.Test));
    }

    [Fact]
    public void MastersAccumulateUpdatesBelowBfloat16sResolution()
    {
        // With lr = 1e-6 every step moves a weight by ~1e-7·|g|, far below half a bfloat16 ulp of a weight of 0.1
        // (2⁻¹²  ≈ 2.4e-4): weights kept in bfloat16 would never move; float32 masters (ulp 7.5e-9 at 0.1) do.
        using var data = TrainingTestData.Synthetic();
        var setup = Setup(TrainingPrecision.Bfloat16, epochs: 1);
        setup = setup with { Training = setup.Training with { LearningRate = 1e-6, WeightDecay = 0 } };
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 52);
        var before = TrainingTestData.Weights(model);

        new Trainer(setup).Train(model, data);

        var after = TrainingTestData.Weights(model);
        int moved = before.Sum(p => p.Value.Zip(after[p.Key], (u, v) => u != v ? 1 : 0).Sum());
        int total = before.Sum(p => p.Value.Length);
        Assert.True(moved > total / 2, $"{moved} of {total} weights moved.");
        // And the weights did not jump to bfloat16 values: their change is of the order of the steps, ≪ 1e-3.
        double largest = before.Max(p => p.Value.Zip(after[p.Key], (u, v) => Math.Abs(u - v)).Max());
        Assert.True(largest < 1e-4, $"largest change {largest}");
    }

    [Fact]
    public void ResumesExactlyAndAFloat32CheckpointIsNotTakenForABfloat16One()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = Setup(TrainingPrecision.Bfloat16, epochs: 2);
        using var straight = TrainingTestData.SeededModel(setup.Model, seed: 53);
        var straightHistory = new Trainer(setup).Train(straight, data);

        string path = _folder.File("bf16.ckpt");
        using var interrupted = TrainingTestData.SeededModel(setup.Model, seed: 53);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(setup).Train(interrupted, data, path,
            new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Finished is not null) cancel.Cancel();
            }),
            cancel.Token));
        Assert.Equal(TrainingPrecision.Bfloat16, Checkpoint.ReadHeader(path).Setup.Training.Precision);
        using var resumed = TrainingTestData.SeededModel(setup.Model, seed: 998);
        var resumedHistory = new Trainer(setup).Train(resumed, data, path);

        TrainingTestData.AssertSameWeights(straight, resumed);
        Assert.Equal(
            straightHistory.Select(TrainingTestData.WithoutTime), resumedHistory.Select(TrainingTestData.WithoutTime));
        var e = Assert.Throws<InvalidDataException>(
            () => new Trainer(Setup(TrainingPrecision.Float32, epochs: 2)).Train(resumed, data, path));
        Assert.Contains("precision", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ADivergingRunLeavesAFloat32Model()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = Setup(TrainingPrecision.Bfloat16);
        setup = setup with { Training = setup.Training with { LearningRate = 1e30 } };
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 54);

        Assert.Throws<TrainingDivergedException>(() => new Trainer(setup).Train(model, data));

        AssertFloat32(model);
    }

    [Theory]
    [InlineData(LipschitzKind.Enhanced)]
    [InlineData(LipschitzKind.Parseval)]
    public void ThePenaltyWorksOnTheFloat32Masters(LipschitzKind kind)
    {
        using var data = TrainingTestData.Synthetic();
        var config = new LipschitzConfig { Kind = kind, Beta = 0.1, Sigma = 0.5 };
        using var plain = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 55);
        using var regularized = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 55);
        using var again = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 55);

        new Trainer(Setup(TrainingPrecision.Bfloat16, epochs: 3)).Train(plain, data);
        var history = new Trainer(Setup(TrainingPrecision.Bfloat16, epochs: 3, lipschitz: config))
            .Train(regularized, data);
        new Trainer(Setup(TrainingPrecision.Bfloat16, epochs: 3, lipschitz: config)).Train(again, data);

        TrainingTestData.AssertSameWeights(regularized, again);
        double plainPenalty = PenaltyOf(plain, config), regularizedPenalty = PenaltyOf(regularized, config);
        // The same margin as the float32 test (LipschitzTrainingTests): at least half the plain run's penalty gone.
        Assert.True(regularizedPenalty < 0.5 * plainPenalty,
            $"Penalty after regularized training {regularizedPenalty}, after plain training {plainPenalty}.");
        Assert.True(history[^1].TestAccuracy >= 0.9, $"Test accuracy {history[^1].TestAccuracy}.");
    }

    [Fact]
    public void VariationAwareTrainingIsRefusedInBfloat16()
    {
        // Not built: the crossbar simulator reads weights and partial sums as float32 (docs/method.md F5b).
        var setup = Setup(TrainingPrecision.Bfloat16, hardware: CrossbarConfig.Lognormal(0.5));

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(setup));

        Assert.Contains("Precision", e.Message);
        Assert.Contains("VariationAware", e.Message);
    }

    [Fact]
    public void ConvolutionsWithFewOutputChannelsStayFloat32AndEveryLayerGetsItsPrecision()
    {
        // LeNet-5: conv1 (1→6) would meet libtorch's wrong bfloat16 convolution; conv2 (6→16) and the linear layers
        // are lowered, and the hooks cast conv1's float32 output for conv2.
        torch.zeros(1).Dispose();
        using var model = ModelZoo.Create(new ModelSpec("lenet5", InChannels: 1, ImageSize: 28, Classes: 10));
        using var input = TrainingTestData.FixedInput(new ModelSpec("lenet5"), count: 4);
        var expected = TrainingTestData.Outputs(model, input);
        using var mixed = new MixedPrecisionWeights(model, ScalarType.BFloat16);

        mixed.Lower();
        var dtypes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.dtype);
        float[] lowered;
        using (no_grad())
        using (var output = model.call(mixed.Input(input)))
            lowered = output.to_type(ScalarType.Float32).data<float>().ToArray();
        mixed.Raise();

        Assert.Equal(ScalarType.Float32, dtypes["conv1.weight"]);
        Assert.Equal(ScalarType.BFloat16, dtypes["conv2.weight"]);
        Assert.Equal(ScalarType.BFloat16, dtypes["fc3.bias"]);
        // Lowered outputs are float32's within bfloat16 rounding (relative 2⁻⁸ per operation, a few layers deep).
        double scale = expected.Max(Math.Abs);
        double error = expected.Zip(lowered, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(error < 0.05 * scale, $"lowered outputs differ by {error} (scale {scale})");
        // Raised, the model is float32 again and computes exactly what it did before.
        Assert.Equal(expected, TrainingTestData.Outputs(model, input));
    }

    [Fact]
    public void ConvolutionsAndBatchNormTrainInBfloat16()
    {
        // VGG-11 ×0.25 (16–128 channels, BatchNorm) on 32×32 images: convolutions in bfloat16, BatchNorm in float32.
        var spec = new ModelSpec("vgg11", InChannels: 1, ImageSize: 32, Classes: TrainingTestData.Classes,
            WidthMultiplier: 0.25);
        using var data = ConvolutionData(spec);
        var setup = new TrainingSetup(spec, "synthetic", new DatasetOptions(),
            new TrainingConfig { Epochs = 2, BatchSize = 32, Seed = 1, Precision = TrainingPrecision.Bfloat16 });
        torch.manual_seed(57);
        using var model = ModelZoo.Create(spec);

        var history = new Trainer(setup).Train(model, data);

        AssertFloat32(model);
        Assert.True(history[^1].TestAccuracy >= 0.9, $"Test accuracy {history[^1].TestAccuracy}.");
        // BatchNorm took bfloat16 inputs and kept updating its float32 running statistics (initially variance 1).
        var variance = model.state_dict()["bn1.running_var"];
        Assert.True((variance - 1).abs().max().item<float>() > 1e-3, "bn1's running variance did not move.");
    }

    /// <summary>Three classes of 1×S×S images: a class's fixed random prototype plus noise (σ = 0.5).</summary>
    private static DatasetSplits ConvolutionData(ModelSpec spec, int train = 128, int test = 64)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(58);
        long side = spec.ImageSize;
        var prototypes = randn([TrainingTestData.Classes, 1, side, side], generator: generator);
        ImageDataset Part(string name, int count)
        {
            var labels = arange(count, dtype: ScalarType.Int64).remainder(TrainingTestData.Classes);
            var images = prototypes.index_select(0, labels) + 0.5 * randn([count, 1, side, side], generator: generator);
            return ImageDataset.FromTensors(name, images, labels, TrainingTestData.Classes, TrainingTestData.ClassNames,
                Normalization.Identity(1));
        }
        return new DatasetSplits(Part("synthetic/train", train), Part("synthetic/test", test));
    }

    /// <summary>Σ_l ‖G_l − λ²I‖²_F of the model's current weights (β = 1).</summary>
    private static double PenaltyOf(nn.Module<Tensor, Tensor> model, LipschitzConfig config)
    {
        var penalty = new LipschitzPenalty(
            model, config with { Beta = 1 }, [1, TrainingTestData.Side, TrainingTestData.Side]);
        using var _ = no_grad();
        using var value = penalty.Compute();
        return value.item<float>();
    }
}
