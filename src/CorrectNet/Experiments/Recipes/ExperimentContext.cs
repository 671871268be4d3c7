using CorrectNet.Experiments.Caching;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// Where a recipe runs: the result cache it reads and fills, the device its tensors live on (null = CPU), who hears
/// of its trainings' progress, and the token that stops it. Every recipe takes one; <see cref="Default"/> is the
/// project's cache (CORRECTNET_CACHE, else .cache/) on the CPU, silent.
/// </summary>
public sealed record ExperimentContext(ResultCache Cache, Device? Device = null)
{
    /// <summary>The project's cache on the CPU; read anew on each use, so it follows CORRECTNET_CACHE.</summary>
    public static ExperimentContext Default => new(ResultCache.Default);

    /// <summary>Progress of every training a recipe starts (epochs, batches); null = silent.</summary>
    public IProgress<TrainingProgress>? Training { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>Intra-op CPU threads every training started through this context runs at (set for the training,
    /// restored after; <see cref="Profiles.TrainingBudget.Threads"/>); null = whatever the process runs at.</summary>
    public int? TrainingThreads { get; init; }
}
