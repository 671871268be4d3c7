using System.Diagnostics;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Training;

/// <summary>
/// Supervised training with cross-entropy. Deterministic on one machine: weights are seeded by the caller
/// (torch.manual_seed before the model is built) and epoch e shuffles with a generator seeded by (seed, e), so a run
/// resumed from its checkpoint after epoch e continues exactly as the uninterrupted run would.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingSetup _setup;
    private readonly Device _device;

    public Trainer(TrainingSetup setup, Device? device = null)
    {
        _setup = setup with { Training = setup.Training.Validate() };
        _device = device ?? CPU;
    }

    /// <summary>
    /// Trains <paramref name="model"/> (already on the trainer's device) for the configured epochs, saving a resumable
    /// checkpoint to <paramref name="checkpointPath"/> after every epoch. When that file already holds a partial run of
    /// the same setup, training resumes after its last epoch; a different setup there is an error naming the
    /// differences.
    /// </summary>
    public IReadOnlyList<EpochRecord> Train(
        nn.Module<Tensor, Tensor> model,
        DatasetSplits data,
        string? checkpointPath = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        using var stage = StageClock.Enter(Stage.Training);
        var config = _setup.Training;
        // Mixed precision (docs/method.md F5b): the optimizer updates float32 masters of the layers that compute in
        // bfloat16; the model itself is float32 outside the epochs' batches (evaluation, checkpoints).
        using var mixed = config.Precision == TrainingPrecision.Bfloat16
            ? new MixedPrecisionWeights(model, ScalarType.BFloat16)
            : null;
        using var optimizer = CreateOptimizer(mixed?.Parameters ?? model.parameters(), config);
        var history = new List<EpochRecord>();
        int startEpoch = 0;
        if (checkpointPath is not null && File.Exists(checkpointPath))
        {
            var header = Checkpoint.ReadHeader(checkpointPath);
            Checkpoint.RequireMatch(checkpointPath, _setup, header.Setup);
            Checkpoint.LoadInto(checkpointPath, model, optimizer);
            model.to(_device);
            mixed?.ReadFromModel();
            history.AddRange(header.History);
            startEpoch = header.EpochsCompleted;
        }

        int batches = (int)((data.Train.Count + config.BatchSize - 1) / config.BatchSize);
        long[] inputShape = data.Train.Images.shape[1..];
        var penalty = config.Lipschitz.Kind == LipschitzKind.None
            ? null
            : new LipschitzPenalty(model, config.Lipschitz, inputShape);
        // Under mixed precision the penalty constrains the float32 masters, in float32.
        Func<nn.Module, Tensor>? weightOf = mixed is null ? null : mixed.WeightOf;
        for (int epoch = startEpoch; epoch < config.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            double lr = LearningRateSchedule.At(config, epoch);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;

            // Lowered before the twin attaches, so the twin maps (and restores) the weights the batches compute with;
            // raised whatever happens, so the caller's model is float32 again after an error or a cancellation.
            mixed?.Lower();
            (double Loss, long Correct, long Seen) sums;
            try
            {
                sums = TrainEpoch(epoch);
            }
            finally
            {
                mixed?.Raise();
            }
            var (lossSum, correct, seen) = sums;
            double testAccuracy = ClassificationAccuracy.Evaluate(model, data.Test, _device);
            var record = new EpochRecord(epoch + 1, lr, lossSum / seen, (double)correct / seen, testAccuracy,
                clock.Elapsed.TotalSeconds,
                get_num_threads());
            history.Add(record);
            if (checkpointPath is not null)
            {
                var header = new CheckpointHeader(CheckpointHeader.CurrentFormat, CorrectNetInfo.Version, _setup,
                    epoch + 1, history.ToArray(), DateTime.UtcNow);
                Checkpoint.Save(checkpointPath, header, model, optimizer);
            }
            progress?.Report(
                new TrainingProgress(epoch + 1, config.Epochs, batches, batches, record.TrainLoss, record));
        }
        return history;

        (double Loss, long Correct, long Seen) TrainEpoch(int epoch)
        {
            // Variation-aware: the analog twin exists only while the epoch trains (evaluation sees the plain model),
            // calibrated on the current weights; chip k of the run is global step k.
            using var analog = config.VariationAware is { } hardware
                ? AttachHardware(model, hardware, data, inputShape, mixed)
                : null;
            model.train();
            using var shuffle = new Generator(ShuffleSeed(config.Seed, epoch));
            double lossSum = 0;
            long correct = 0, seen = 0;
            int batch = 0;
            foreach (var (images, labels) in data.Train.Batches(config.BatchSize, shuffle: true, shuffle))
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var imagesOwned = images;
                using var labelsOwned = labels;
                var x = mixed is null ? images.to(_device) : mixed.Input(images.to(_device));
                var y = labels.to(_device);
                optimizer.zero_grad();
                analog?.Refresh();
                analog?.UseChip(new Chip(VariationAwareSeed(config.Seed), (long)epoch * batches + batch));
                var logits = model.call(x);
                if (mixed is not null) logits = logits.to_type(ScalarType.Float32); // the loss in float32
                var loss = nn.functional.cross_entropy(logits, y);
                if (penalty is not null && analog is null) loss = loss + penalty.Compute(weightOf);
                loss.backward();
                analog?.RestoreTrainedWeights(); // gradients from the chip, applied to the trained weights
                if (penalty is not null && analog is not null)
                {
                    // The penalty constrains the trained weights, not the chip's: taken after they are back, its
                    // gradient accumulates onto the chip's loss gradient (float mode would otherwise see W·e^θ).
                    var regularizer = penalty.Compute(weightOf);
                    // A constant 0 when β = 0 or every layer is excluded.
                    if (regularizer.requires_grad) regularizer.backward();
                    loss = loss.detach() + regularizer.detach();
                }
                mixed?.CollectGradients(); // the bfloat16 layers' gradients onto their float32 masters
                optimizer.step();
                mixed?.PushWeights();

                double batchLoss = loss.item<float>();
                if (!double.IsFinite(batchLoss))
                    throw new TrainingDivergedException(
                        $"Training diverged in epoch {epoch + 1}, batch {batch + 1}: the loss is {batchLoss}. " +
                        $"Lower the learning rate ({config.LearningRate})" +
                        (penalty is null ? "" : $" or the Lipschitz β ({config.Lipschitz.Beta})") +
                        "; nothing was cached.");
                lossSum += batchLoss * y.shape[0];
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += y.shape[0];
                batch++;
                progress?.Report(new TrainingProgress(epoch + 1, config.Epochs, batch, batches, lossSum / seen));
            }
            analog?.Refresh(); // the twin's copy of the trained weights is current again, so Dispose keeps them
            return (lossSum, correct, seen);
        }
    }

    /// <summary>The seed of epoch <paramref name="epoch"/>'s (zero-based) shuffle generator.</summary>
    public static ulong ShuffleSeed(long trainingSeed, int epoch) =>
        unchecked((ulong)(trainingSeed * 1_000_003 + epoch));

    /// <summary>Training chips come from their own seed, so evaluation chips (seeded by the user) never
    /// coincide.</summary>
    public static long VariationAwareSeed(long trainingSeed) => unchecked(trainingSeed * 7919 + 0x7EA1);

    private AnalogModel AttachHardware(nn.Module<Tensor, Tensor> model, CrossbarConfig hardware, DatasetSplits data,
        long[] inputShape, MixedPrecisionWeights? mixed)
    {
        int count = (int)Math.Min(CalibrationImages, data.Train.Count);
        using var images = data.Train.Images.narrow(0, 0, count).to(_device);
        using var calibration = mixed is null ? images.alias() : mixed.Input(images);
        return AnalogConversion.ToAnalog(model, hardware, inputShape, calibration);
    }

    /// <summary>Training images that calibrate DAC/ADC ranges of variation-aware training, once per epoch.</summary>
    public const int CalibrationImages = 256;

    private static OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters, TrainingConfig config) =>
        config.Optimizer switch
        {
            OptimizerKind.Sgd => optim.SGD(parameters, config.LearningRate, momentum: config.Momentum,
                weight_decay: config.WeightDecay),
            OptimizerKind.Adam => optim.Adam(parameters, config.LearningRate, weight_decay: config.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Optimizer, "Unknown optimizer."),
        };
}
