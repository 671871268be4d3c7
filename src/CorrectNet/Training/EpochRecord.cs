namespace CorrectNet.Training;

/// <summary>
/// One finished epoch. Accuracies are fractions in [0, 1]; seconds are wall-clock. <paramref name="Threads"/> is
/// torch's
/// intra-op thread count during the epoch (null in checkpoints written before it was recorded): multi-threaded CPU
/// kernels sum in another order at another count, so a training is bit-reproducible only at the same count
/// (docs/method.md F5).
/// </summary>
public sealed record EpochRecord(
    int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, double TestAccuracy, double Seconds,
    int? Threads = null);
