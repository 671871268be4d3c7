using CorrectNet.Data;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// Trains a setup once and serves it from the result cache afterwards; an interrupted training resumes. A cached
/// checkpoint is checked against its checksums when loaded; a damaged one is an error naming the file. One of the
/// older format (no checksums) is served as before, unverified: retraining it would throw away hours of compute.
/// </summary>
public static class TrainedModels
{
    public static TrainedModel GetOrTrain(
        TrainingSetup setup,
        DatasetSplits data,
        ExperimentContext context)
    {
        string path = context.Cache.PathFor("models", setup, ".ckpt");
        if (File.Exists(path))
        {
            var (header, model) = Checkpoint.Load(path, setup, context.Device);
            return new TrainedModel(model, header, path, FromCache: true);
        }
        var trained = Train(setup, data, path + ".partial", context.Device, context.Training, context.Cancellation);
        File.Move(path + ".partial", path, overwrite: true);
        return trained with { CheckpointPath = path };
    }

    /// <summary>Seeds, builds and trains; the checkpoint at <paramref name="checkpointPath"/> is updated every
    /// epoch.</summary>
    public static TrainedModel Train(
        TrainingSetup setup,
        DatasetSplits data,
        string checkpointPath,
        Device? device = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        torch.manual_seed(setup.Training.Seed);
        var model = ModelZoo.Create(setup.Model);
        if (device is not null) model.to(device);
        new Trainer(setup, device).Train(model, data, checkpointPath, progress, cancellation);
        return new TrainedModel(model, Checkpoint.ReadHeader(checkpointPath), checkpointPath, FromCache: false);
    }
}
