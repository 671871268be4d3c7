using CorrectNet.Data;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

public sealed class ClassificationAccuracyTests
{
    /// <summary>Returns its input, flattened, as the logits: each image carries its own prediction.</summary>
    private sealed class FixedLogits : nn.Module<Tensor, Tensor>
    {
        public FixedLogits() : base(nameof(FixedLogits)) => RegisterComponents();

        /// <summary>The module's training flag at every forward call.</summary>
        public List<bool> ModesSeen { get; } = [];

        public override Tensor forward(Tensor input)
        {
            ModesSeen.Add(training);
            return input.flatten(1);
        }
    }

    // Logits and true labels, 4 classes; class 3 has no images.
    //   predicted: 0 1 1 2 2 2 0 1
    //   true:      0 0 1 1 1 2 2 2
    //   hit:       y n y n n y n n   → 3 of 8; class 0: 1/2, class 1: 1/3, class 2: 1/3, class 3: NaN.
    private static readonly int[] Predicted = [0, 1, 1, 2, 2, 2, 0, 1];
    private static readonly long[] Truth = [0, 0, 1, 1, 1, 2, 2, 2];

    private static ImageDataset Data()
    {
        var logits = new float[Predicted.Length * 4];
        for (int i = 0; i < Predicted.Length; i++)
        {
            for (int c = 0; c < 4; c++) logits[i * 4 + c] = c == Predicted[i] ? 3f : -(c + 1f) * 0.5f;
        }

        using var images = tensor(logits, [Predicted.Length, 1, 1, 4]);
        using var labels = tensor(Truth, [Truth.Length]);
        return ImageDataset.FromTensors("fixed", images, labels, 4, ["a", "b", "c", "d"], Normalization.Identity(1));
    }

    private static FixedLogits Model()
    {
        torch.zeros(1).Dispose();
        return new FixedLogits();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(ClassificationAccuracy.DefaultBatchSize)]
    public void MatchesAHandCount(int batchSize)
    {
        using var data = Data();
        using var model = Model();

        Assert.Equal(3.0 / 8, ClassificationAccuracy.Evaluate(model, data, batchSize: batchSize), 15);
        double[] perClass = ClassificationAccuracy.PerClass(model, data, batchSize: batchSize);

        Assert.Equal(4, perClass.Length);
        Assert.Equal(1.0 / 2, perClass[0], 15);
        Assert.Equal(1.0 / 3, perClass[1], 15);
        Assert.Equal(1.0 / 3, perClass[2], 15);
        Assert.True(double.IsNaN(perClass[3]), $"class without images gave {perClass[3]}");
    }

    [Fact]
    public void PerfectAndHopelessModels()
    {
        using var images = tensor(new float[] { 1, 0, 0, 1, 1, 0 }, [3, 1, 1, 2]);
        using var right = tensor(new long[] { 0, 1, 0 }, [3]);
        using var wrong = tensor(new long[] { 1, 0, 1 }, [3]);
        using var perfect = ImageDataset.FromTensors("p", images, right, 2, ["a", "b"], Normalization.Identity(1));
        using var hopeless = ImageDataset.FromTensors("h", images, wrong, 2, ["a", "b"], Normalization.Identity(1));
        using var model = Model();

        Assert.Equal(1.0, ClassificationAccuracy.Evaluate(model, perfect, batchSize: 2));
        Assert.Equal(0.0, ClassificationAccuracy.Evaluate(model, hopeless, batchSize: 2));
        Assert.Equal([1.0, 1.0], ClassificationAccuracy.PerClass(model, perfect));
        Assert.Equal([0.0, 0.0], ClassificationAccuracy.PerClass(model, hopeless));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RestoresTheTrainingMode(bool training)
    {
        using var data = Data();
        using var model = Model();
        model.train(training);

        ClassificationAccuracy.Evaluate(model, data, batchSize: 5);

        Assert.Equal([false, false], model.ModesSeen); // evaluated in eval mode, in two batches
        Assert.Equal(training, model.training);
    }
}
