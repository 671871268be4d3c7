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
/// A fine-tuning (<see cref="TrainingSetup.Start"/>, docs/method.md F5c) gets or trains its start first. A training
/// runs at the context's <see cref="ExperimentContext.TrainingThreads"/> (docs/method.md F5).
/// </summary>
public static class TrainedModels
{
    public static TrainedModel GetOrTrain(
        TrainingSetup setup,
        DatasetSplits data,
        ExperimentContext context)
    {
        if (setup.Start is { } from) RequireStartFits(setup, from);
        string path = context.Cache.PathFor("models", setup, ".ckpt");
        if (File.Exists(path))
        {
            var (header, model) = Checkpoint.Load(path, setup, context.Device);
            return new TrainedModel(model, header, path, FromCache: true);
        }
        TrainedModel? start = setup.Start is { } first ? GetOrTrain(first, data, context) : null;
        TrainedModel trained;
        int threads = get_num_threads();
        try
        {
            if (context.TrainingThreads is { } pinned) set_num_threads(pinned);
            using (start?.Model)
                trained = Train(setup, data, path + ".partial", context.Device, context.Training,
                    context.Cancellation, start?.Model);
        }
        finally
        {
            set_num_threads(threads);
        }
        File.Move(path + ".partial", path, overwrite: true);
        return trained with { CheckpointPath = path };
    }

    /// <summary>Seeds, builds and trains; the checkpoint at <paramref name="checkpointPath"/> is updated every
    /// epoch.</summary>
    /// <param name="setup">What to train.</param>
    /// <param name="data">The splits the setup's data options loaded.</param>
    /// <param name="checkpointPath">Where the resumable checkpoint goes.</param>
    /// <param name="device">Where tensors live; null = CPU.</param>
    /// <param name="progress">Per-epoch and per-batch progress.</param>
    /// <param name="cancellation">Stops between batches; the last epoch's checkpoint stays.</param>
    /// <param name="start">The trained model of <see cref="TrainingSetup.Start"/>, whose parameters and buffers are
    /// copied in before the first epoch (a resumed run's checkpoint then replaces them); null = a fresh model.</param>
    public static TrainedModel Train(
        TrainingSetup setup,
        DatasetSplits data,
        string checkpointPath,
        Device? device = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default,
        nn.Module<Tensor, Tensor>? start = null)
    {
        if ((setup.Start is null) != (start is null))
            throw new ArgumentException(setup.Start is null
                ? "A start model was given for a setup without Start."
                : "The setup starts from a trained model (Start) but none was given.", nameof(start));
        torch.manual_seed(setup.Training.Seed);
        var model = ModelZoo.Create(setup.Model);
        if (start is not null) CopyWeights(start, model);
        if (device is not null) model.to(device);
        new Trainer(setup, device).Train(model, data, checkpointPath, progress, cancellation);
        return new TrainedModel(model, Checkpoint.ReadHeader(checkpointPath), checkpointPath, FromCache: false);
    }

    /// <summary>A start must be the same network on the same data: only the training recipe may differ.</summary>
    private static void RequireStartFits(TrainingSetup setup, TrainingSetup start)
    {
        if (start.Model != setup.Model || start.Dataset != setup.Dataset || start.Data != setup.Data)
            throw new ArgumentException(
                $"TrainingSetup.Start must be the same model on the same data: start {start.Model} on " +
                $"{start.Dataset} ({start.Data}), fine-tuning {setup.Model} on {setup.Dataset} ({setup.Data}).",
                nameof(setup));
    }

    private static void CopyWeights(nn.Module<Tensor, Tensor> from, nn.Module<Tensor, Tensor> to)
    {
        // state_dict hands out the modules' own tensors, so nothing here may be disposed.
        using var noGrad = torch.no_grad();
        var source = from.state_dict();
        foreach (var (name, target) in to.state_dict()) target.copy_(source[name]);
    }
}
