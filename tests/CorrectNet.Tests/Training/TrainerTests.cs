using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SameSeedGivesBitIdenticalWeights()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 2);
        using var a = TrainingTestData.SeededModel(setup.Model, seed: 11);
        using var b = TrainingTestData.SeededModel(setup.Model, seed: 11);
        using var c = TrainingTestData.SeededModel(setup.Model, seed: 11);

        var historyA = new Trainer(setup).Train(a, data);
        var historyB = new Trainer(setup).Train(b, data);
        new Trainer(setup with { Training = setup.Training with { Seed = 2 } }).Train(c, data);

        TrainingTestData.AssertSameWeights(a, b);
        Assert.Equal(historyA.Select(TrainingTestData.WithoutTime), historyB.Select(TrainingTestData.WithoutTime));
        // The training seed drives the shuffling: another seed must end elsewhere.
        Assert.False(TrainingTestData.SameWeights(a, c), "A different shuffling seed gave the same weights.");
    }

    [Fact]
    public void EveryEpochRecordsTorchsThreadCount()
    {
        // Multi-threaded kernels round differently at another thread count (docs/method.md F5): the history says which.
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 2);
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 11);

        var history = new Trainer(setup).Train(model, data);

        Assert.Equal([get_num_threads(), get_num_threads()], history.Select(e => e.Threads));
    }

    [Fact]
    public void ADivergingRunStopsWithAnErrorAndWritesNoFinishedEpoch()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 2);
        setup = setup with { Training = setup.Training with { LearningRate = 1e30 } };
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 31);
        string path = _folder.File("diverged.ckpt");

        var error = Assert.Throws<TrainingDivergedException>(() => new Trainer(setup).Train(model, data, path));
        Assert.Contains("epoch 1", error.Message);
        Assert.False(File.Exists(path), "a diverged epoch was checkpointed");
    }

    [Fact]
    public void InterruptedAndResumedRunEqualsUninterruptedRun()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 2);

        using var straight = TrainingTestData.SeededModel(setup.Model, seed: 21);
        var straightHistory = new Trainer(setup).Train(straight, data, _folder.File("straight.ckpt"));

        string path = _folder.File("interrupted.ckpt");
        using var interrupted = TrainingTestData.SeededModel(setup.Model, seed: 21);
        using var cancel = new CancellationTokenSource();
        var finished = new List<int>();
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Finished is null) return;
            finished.Add(p.Epoch);
            if (p.Epoch == 1) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(
            () => new Trainer(setup).Train(interrupted, data, path, progress, cancel.Token));
        Assert.Equal([1], finished);
        var partial = Checkpoint.ReadHeader(path);
        Assert.Equal(1, partial.EpochsCompleted);
        Assert.False(partial.IsComplete);

        // A new process would build a fresh model: make it differ, so the checkpoint must supply the weights.
        using var resumed = TrainingTestData.SeededModel(setup.Model, seed: 999);
        var resumedEpochs = new List<int>();
        var resumedHistory = new Trainer(setup).Train(resumed, data, path,
            new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Finished is not null) resumedEpochs.Add(p.Epoch);
            }));

        Assert.Equal([2], resumedEpochs); // epoch 1 is not trained again
        TrainingTestData.AssertSameWeights(straight, resumed);
        Assert.Equal(
            straightHistory.Select(TrainingTestData.WithoutTime), resumedHistory.Select(TrainingTestData.WithoutTime));
        Assert.Equal(partial.History[0], resumedHistory[0]); // the first epoch comes from the checkpoint, time included
        var final = Checkpoint.ReadHeader(path);
        Assert.True(final.IsComplete);
        Assert.Equal(resumedHistory, final.History);
    }

    [Fact]
    public void CompleteCheckpointIsNotTrainedAgain()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 1);
        string path = _folder.File("done.ckpt");
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 5);
        var history = new Trainer(setup).Train(model, data, path);

        using var again = TrainingTestData.SeededModel(setup.Model, seed: 6);
        int reports = 0;
        var historyAgain = new Trainer(setup).Train(
            again, data, path, new SynchronousProgress<TrainingProgress>(_ => reports++));

        Assert.Equal(0, reports);
        Assert.Equal(history, historyAgain);
        TrainingTestData.AssertSameWeights(model, again);
    }

    [Fact]
    public void CheckpointOfAnotherSetupIsRefused()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 1);
        string path = _folder.File("other.ckpt");
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 5);
        new Trainer(setup).Train(model, data, path);

        var longer = setup with { Training = setup.Training with { Epochs = 2 } };
        var e = Assert.Throws<InvalidDataException>(() => new Trainer(longer).Train(model, data, path));

        Assert.Contains("training.epochs: 2 → 1", e.Message);
    }

    [Fact]
    public void LossDecreasesOnALearnableProblem()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 4);
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 31);
        double initialAccuracy = ClassificationAccuracy.Evaluate(model, data.Test);

        var wall = System.Diagnostics.Stopwatch.StartNew();
        var history = new Trainer(setup).Train(model, data);
        double wallSeconds = wall.Elapsed.TotalSeconds;

        Assert.Equal([1, 2, 3, 4], history.Select(r => r.Epoch));
        for (int e = 0; e < history.Count; e++)
        {
            Assert.Equal(LearningRateSchedule.At(setup.Training, e), history[e].LearningRate);
            Assert.InRange(history[e].TrainAccuracy, 0, 1);
            Assert.InRange(history[e].TestAccuracy, 0, 1);
            // An epoch that trained took time, within the call that ran it (all seconds are wall-clock).
            Assert.InRange(history[e].Seconds, double.Epsilon, wallSeconds);
        }
        double epochSeconds = history.Sum(r => r.Seconds);
        Assert.True(epochSeconds <= wallSeconds, $"Epochs {epochSeconds} s, Train {wallSeconds} s");

        Assert.True(history[^1].TrainLoss < 0.5 * history[0].TrainLoss,
            $"Loss did not halve: {string.Join(", ", history.Select(r => r.TrainLoss))}");
        Assert.True(history[^1].TrainLoss < Math.Log(TrainingTestData.Classes) / 4,
            $"Final loss {history[^1].TrainLoss}");
        Assert.True(history[^1].TestAccuracy >= 0.95,
            $"Test accuracy {history[^1].TestAccuracy} (initially {initialAccuracy})");
        Assert.Equal(history[^1].TestAccuracy, ClassificationAccuracy.Evaluate(model, data.Test));
    }

    [Fact]
    public void ReportsEveryBatchThenTheEpoch()
    {
        using var data = TrainingTestData.Synthetic(train: 70, test: 10);
        var setup = TrainingTestData.Setup(epochs: 1);
        using var model = TrainingTestData.SeededModel(setup.Model, seed: 1);
        var reports = new List<TrainingProgress>();

        new Trainer(setup).Train(model, data, progress: new SynchronousProgress<TrainingProgress>(reports.Add));

        // 70 images in batches of 32: 3 batches, then one epoch report.
        Assert.Equal([1, 2, 3, 3], reports.Select(r => r.Batch));
        Assert.All(reports, r => Assert.Equal(3, r.Batches));
        Assert.Equal([false, false, false, true], reports.Select(r => r.Finished is not null));
        Assert.Equal(reports[2].RunningLoss, reports[3].Finished!.TrainLoss, 12);
    }
}
