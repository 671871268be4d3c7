using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>TrainingConfig.ChannelsLast: same values in, recorded in the setup, off by default.</summary>
public sealed class ChannelsLastTrainingTests
{
    [Fact]
    public void ChannelsLastBatchHasTheSameValuesWithNhwcStrides()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var images = randn([4, 3, 5, 6], generator: generator);

        var nhwc = Trainer.ChannelsLastOf(images);

        Assert.Equal(images.shape, nhwc.shape);
        Assert.True(images.eq(nhwc).all().ToBoolean(), "the values changed");
        Assert.Equal([3L * 5 * 6, 1, 6 * 3, 3], nhwc.stride()); // N, C, H, W strides of NHWC memory
        Assert.Equal([3L * 5 * 6, 5 * 6, 6, 1], images.stride()); // the input is not modified
        var flat = randn([4, 7], generator: generator);
        Assert.Same(flat, Trainer.ChannelsLastOf(flat));
    }

    [Fact]
    public void OffByDefaultAndLeftOutOfTheJsonWhenOff()
    {
        // Off: the setup's JSON (checkpoint header, cache key) is what it was before the setting existed.
        Assert.False(new TrainingConfig().ChannelsLast);
        Assert.DoesNotContain("channels_last", JsonFormat.Serialize(new TrainingConfig()));
        Assert.Contains("\"channels_last\":true", JsonFormat.Serialize(new TrainingConfig { ChannelsLast = true }));
        Assert.NotEqual(new TrainingConfig(), new TrainingConfig { ChannelsLast = true });
    }

    [Fact]
    public void WithoutConvolutionsTheTrainingIsBitIdenticalAndReproducible()
    {
        // The MLP flattens its input into a contiguous copy, so the memory order cannot change a single bit: what
        // the setting changes in a convolutional network is the convolutions' summation order, nothing else.
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 2);
        var nhwc = setup with { Training = setup.Training with { ChannelsLast = true } };
        using var a = TrainingTestData.SeededModel(setup.Model, seed: 11);
        using var b = TrainingTestData.SeededModel(setup.Model, seed: 11);
        using var c = TrainingTestData.SeededModel(setup.Model, seed: 11);

        var historyA = new Trainer(setup).Train(a, data);
        var historyB = new Trainer(nhwc).Train(b, data);
        var historyC = new Trainer(nhwc).Train(c, data);

        TrainingTestData.AssertSameWeights(a, b);
        TrainingTestData.AssertSameWeights(b, c);
        Assert.Equal(historyA.Select(TrainingTestData.WithoutTime), historyB.Select(TrainingTestData.WithoutTime));
        Assert.Equal(historyB.Select(TrainingTestData.WithoutTime), historyC.Select(TrainingTestData.WithoutTime));
    }

    [Fact]
    public void CheckpointOfTheOtherMemoryOrderIsRefused()
    {
        using var folder = new TempFolder();
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 1);
        string path = folder.File("contiguous.ckpt");
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 5);
        new Trainer(setup).Train(model, data, path);

        var nhwc = setup with { Training = setup.Training with { Epochs = 2, ChannelsLast = true } };
        var e = Assert.Throws<InvalidDataException>(() => new Trainer(nhwc).Train(model, data, path));

        Assert.Contains("training.channels_last: true → null", e.Message);
    }
}
