using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>Training with the Lipschitz regularizer in the loss (docs/method.md F23).</summary>
public sealed class LipschitzTrainingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly LipschitzConfig Enhanced = new() { Kind = LipschitzKind.Enhanced, Beta = 0.1, Sigma = 0.5 };

    private static TrainingSetup Setup(LipschitzConfig lipschitz, int epochs = 3)
    {
        var setup = TrainingTestData.Setup(epochs);
        return setup with { Training = setup.Training with { Lipschitz = lipschitz } };
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

    [Theory]
    [InlineData(LipschitzKind.Enhanced)]
    [InlineData(LipschitzKind.Parseval)]
    public void RegularizedRunEndsWithALowerPenaltyAndIsDeterministic(LipschitzKind kind)
    {
        using var data = TrainingTestData.Synthetic();
        var config = Enhanced with { Kind = kind };
        using var plain = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 41);
        using var plainAgain = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 41);
        using var regularized = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 41);
        using var regularizedAgain = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 41);
        double initial = PenaltyOf(plain, config);

        new Trainer(Setup(LipschitzConfig.None)).Train(plain, data);
        new Trainer(Setup(LipschitzConfig.None)).Train(plainAgain, data);
        var history = new Trainer(Setup(config)).Train(regularized, data);
        var historyAgain = new Trainer(Setup(config)).Train(regularizedAgain, data);

        TrainingTestData.AssertSameWeights(plain, plainAgain);
        TrainingTestData.AssertSameWeights(regularized, regularizedAgain);
        Assert.Equal(history.Select(TrainingTestData.WithoutTime), historyAgain.Select(TrainingTestData.WithoutTime));

        double plainPenalty = PenaltyOf(plain, config), regularizedPenalty = PenaltyOf(regularized, config);
        // A clear margin, not just "lower": the regularized run must at least halve the plain run's penalty.
        Assert.True(regularizedPenalty < 0.5 * plainPenalty,
            $"Penalty after regularized training {regularizedPenalty}, after plain training {plainPenalty} " +
            $"(initially {initial}).");
        // And it still learns the easy synthetic problem.
        Assert.True(history[^1].TestAccuracy >= 0.9, $"Test accuracy {history[^1].TestAccuracy}.");
    }

    [Fact]
    public void ReportedLossIncludesThePenalty()
    {
        using var data = TrainingTestData.Synthetic(train: 64, test: 10);
        var heavy = Enhanced with { Beta = 10 };
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 42);
        var reports = new List<TrainingProgress>();
        double before = 10 * PenaltyOf(model, heavy);

        // One batch of 64: the first running loss is CE + β·R of the initial weights, and β·R alone exceeds ln 3 by far
        // here.
        new Trainer(Setup(heavy, epochs: 1) with { Training = Setup(heavy, 1).Training with { BatchSize = 64 } })
            .Train(model, data, progress: new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.True(before > 10 * Math.Log(3), $"β·R = {before}");
        Assert.InRange(reports[0].RunningLoss, before, before + 5 * Math.Log(3));
    }

    [Fact]
    public void ResumesExactlyWithTheRegularizer()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = Setup(Enhanced, epochs: 2);
        using var straight = TrainingTestData.SeededModel(setup.Model, seed: 43);
        new Trainer(setup).Train(straight, data);

        string path = _folder.File("lipschitz.ckpt");
        using var interrupted = TrainingTestData.SeededModel(setup.Model, seed: 43);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(setup).Train(interrupted, data, path,
            new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Finished is not null) cancel.Cancel();
            }),
            cancel.Token));
        using var resumed = TrainingTestData.SeededModel(setup.Model, seed: 998);
        new Trainer(setup).Train(resumed, data, path);

        TrainingTestData.AssertSameWeights(straight, resumed);
        // The checkpoint knows the regularizer: a run without it is refused.
        var e = Assert.Throws<InvalidDataException>(
            () => new Trainer(Setup(LipschitzConfig.None, epochs: 2)).Train(resumed, data, path));
        Assert.Contains("lipschitz", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
