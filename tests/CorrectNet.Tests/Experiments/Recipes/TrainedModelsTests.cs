using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Tests.Training;
using CorrectNet.Training;

namespace CorrectNet.Tests.Experiments.Recipes;

public sealed class TrainedModelsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SecondCallComesFromTheCacheWithIdenticalOutputs()
    {
        using var data = TrainingTestData.Synthetic(train: 96, test: 48);
        var cache = new ResultCache(_folder.Path);
        var setup = TrainingTestData.Setup(epochs: 1);
        using var input = TrainingTestData.FixedInput(setup.Model);

        using var first = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache));
        Assert.False(first.FromCache);
        Assert.Equal(cache.PathFor("models", setup, ".ckpt"), first.CheckpointPath);
        Assert.True(File.Exists(first.CheckpointPath));
        Assert.True(first.Header.IsComplete);
        Assert.Equal(setup, first.Header.Setup);
        Assert.Single(first.Header.History);
        // Only the entry and its description: no .partial, no temp files.
        Assert.Equal(2, _folder.Files().Length);

        using var second = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache));
        Assert.True(second.FromCache);
        Assert.Equal(first.CheckpointPath, second.CheckpointPath);
        Assert.Equal(first.Header.History, second.Header.History);
        Assert.Equal(first.Header.SavedUtc, second.Header.SavedUtc);
        Assert.Equal(TrainingTestData.Outputs(first.Model, input), TrainingTestData.Outputs(second.Model, input));
        TrainingTestData.AssertSameWeights(first.Model, second.Model);
    }

    /// <summary>A training runs at the context's thread count (docs/method.md F5), records it in every epoch, and
    /// leaves the process at the count it had.</summary>
    [Fact]
    public void ATrainingRunsAtTheContextsThreadCountAndRestoresTheProcessCount()
    {
        using var data = TrainingTestData.Synthetic(train: 96, test: 48);
        var cache = new ResultCache(_folder.Path);
        int before = TorchSharp.torch.get_num_threads();
        int pinned = before == 1 ? 2 : 1;
        var context = new ExperimentContext(cache) { TrainingThreads = pinned };

        using var trained = TrainedModels.GetOrTrain(TrainingTestData.Setup(epochs: 2), data, context);

        Assert.Equal([pinned, pinned], trained.Header.History.Select(e => e.Threads ?? 0));
        Assert.Equal(before, TorchSharp.torch.get_num_threads());
    }

    [Fact]
    public void ADifferentSetupTrainsAnew()
    {
        using var data = TrainingTestData.Synthetic(train: 96, test: 48);
        var cache = new ResultCache(_folder.Path);
        var setup = TrainingTestData.Setup(epochs: 1);
        var other = setup with { Training = setup.Training with { LearningRate = 0.01 } };

        using var first = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache));
        using var second = TrainedModels.GetOrTrain(other, data, new ExperimentContext(cache));

        Assert.False(second.FromCache);
        Assert.NotEqual(first.CheckpointPath, second.CheckpointPath);
        Assert.Equal(other, second.Header.Setup);
        Assert.Equal(0.01, second.Header.History[0].LearningRate);
        Assert.Equal(4, _folder.Files().Length);
        using var again = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache));
        Assert.True(again.FromCache); // the first entry is still there
    }

    [Fact]
    public void AnInterruptedTrainingResumesFromItsPartialCheckpoint()
    {
        using var data = TrainingTestData.Synthetic(train: 96, test: 48);
        var cache = new ResultCache(_folder.Path);
        var setup = TrainingTestData.Setup(epochs: 2);
        string path = cache.PathFor("models", setup, ".ckpt");
        using var cancel = new CancellationTokenSource();
        var stopAfterFirstEpoch = new SynchronousProgress<TrainingProgress>(p =>
            { if (p.Finished is { Epoch: 1 }) cancel.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() => TrainedModels.GetOrTrain(setup, data,
            new ExperimentContext(cache) { Training = stopAfterFirstEpoch, Cancellation = cancel.Token }));
        Assert.False(File.Exists(path));
        var partial = Checkpoint.ReadHeader(path + ".partial");
        Assert.Equal(1, partial.EpochsCompleted);

        var epochsTrained = new List<int>();
        using var resumed = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache)
        {
            Training = new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Finished is not null) epochsTrained.Add(p.Epoch);
            }),
        });

        Assert.False(resumed.FromCache);
        Assert.Equal([2], epochsTrained);
        Assert.Equal(path, resumed.CheckpointPath);
        Assert.False(File.Exists(path + ".partial"));
        Assert.Equal(2, resumed.Header.History.Count);
        Assert.Equal(partial.History[0], resumed.Header.History[0]);
    }

    // docs/method.md F5c: a fine-tuning starts from its start's trained weights, not from fresh ones.
    [Fact]
    public void AFineTuningStartsFromItsStartsTrainedWeights()
    {
        using var data = TrainingTestData.Synthetic(train: 96, test: 48);
        var cache = new ResultCache(_folder.Path);
        var plain = TrainingTestData.Setup(epochs: 2);
        // A step this small leaves the weights where they started (to float32 rounding), so they show the start.
        var still = plain.Training with { Epochs = 1, LearningRate = 1e-12, Momentum = 0, WeightDecay = 0 };
        var fineTune = plain with { Training = still, Start = plain };
        var fresh = plain with { Training = still };

        using var tuned = TrainedModels.GetOrTrain(fineTune, data, new ExperimentContext(cache));
        using var start = TrainedModels.GetOrTrain(plain, data, new ExperimentContext(cache));
        using var scratch = TrainedModels.GetOrTrain(fresh, data, new ExperimentContext(cache));

        Assert.False(tuned.FromCache);
        Assert.True(start.FromCache); // trained on the way, as the fine-tuning's start
        Assert.Equal(fineTune, tuned.Header.Setup);
        var tunedWeights = TrainingTestData.Weights(tuned.Model);
        var startWeights = TrainingTestData.Weights(start.Model);
        foreach (var (name, values) in startWeights)
            for (int i = 0; i < values.Length; i++)
                Assert.Equal(values[i], tunedWeights[name][i], 1e-6f);
        Assert.False(TrainingTestData.SameWeights(tuned.Model, scratch.Model));
        Assert.NotEqual(cache.PathFor("models", fresh, ".ckpt"), tuned.CheckpointPath);
    }

    [Fact]
    public void AStartOfAnotherNetworkIsAnErrorNamingBoth()
    {
        using var data = TrainingTestData.Synthetic(train: 96, test: 48);
        var plain = TrainingTestData.Setup(epochs: 1);
        var wider = plain with { Model = plain.Model with { WidthMultiplier = 2 } };
        var fineTune = plain with { Start = wider };

        var error = Assert.Throws<ArgumentException>(() =>
            TrainedModels.GetOrTrain(fineTune, data, new ExperimentContext(new ResultCache(_folder.Path))));

        Assert.Contains("Start must be the same model", error.Message);
        Assert.Empty(_folder.Files());
    }

    [Fact]
    public void ASetupWithoutStartKeepsTheKeyItHadBeforeStartExisted()
    {
        var plain = TrainingTestData.Setup(epochs: 1);
        string json = JsonFormat.Serialize(plain);

        Assert.DoesNotContain("Start", json);
        Assert.NotEqual(ResultCache.KeyOf(plain), ResultCache.KeyOf(plain with { Start = plain }));
    }
}
