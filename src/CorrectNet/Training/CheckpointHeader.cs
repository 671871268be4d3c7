namespace CorrectNet.Training;

/// <summary>The JSON header of a checkpoint file; the weights follow it in the file.</summary>
public sealed record CheckpointHeader(
    string Format,
    string LibraryVersion,
    TrainingSetup Setup,
    int EpochsCompleted,
    IReadOnlyList<EpochRecord> History,
    DateTime SavedUtc)
{
    public const string CurrentFormat = "correctnet-checkpoint/1";
    public bool IsComplete => EpochsCompleted >= Setup.Training.Epochs;
}
