using CorrectNet.Training;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>How a cell's model came about: its full training setup, the checkpoint, whether it came from the cache, the
/// time spent.</summary>
/// <remarks>
/// <para>TestAccuracy: Digital test accuracy after the last epoch (null when the checkpoint has no history).</para>
/// <para>Threads: the distinct thread counts its epochs ran on (<see cref="EpochRecord.Threads"/>; null when none is
/// recorded).</para>
/// </remarks>
public sealed record SweepTrainingSummary(
    TrainingSetup? Setup,
    string? CheckpointPath,
    bool FromCache,
    int Epochs,
    double? TestAccuracy,
    double Seconds,
    IReadOnlyList<int>? Threads = null);
