namespace CorrectNet.Training;

/// <summary>
/// Reported during training: after every batch (<see cref="Finished"/> null) and once per epoch with the
/// finished epoch's record. Epoch is one-based.
/// </summary>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Batch, int Batches, double RunningLoss, EpochRecord? Finished = null);
