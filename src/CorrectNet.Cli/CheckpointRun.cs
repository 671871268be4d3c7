using System.Diagnostics;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using CorrectNet.Training;
using TorchSharp;

namespace CorrectNet.Cli;

/// <summary>
/// What <see cref="CheckpointOptions.Load"/> read: the checkpoint on its device, the data set of its setup, σ, --json,
/// and, where the command declares them, the profile and the preset's hardware; and the command's clock. Disposing it
/// frees model and data.
/// </summary>
internal sealed class CheckpointRun(Stopwatch clock, torch.Device device, TrainedModel trained, DatasetSplits splits,
    double sigma, bool asJson, ExperimentProfile? experiment, CrossbarConfig? config) : IDisposable
{
    /// <summary>Wall-clock seconds since the command began loading: what its JSON reports as <c>seconds</c>.</summary>
    public double Seconds => clock.Elapsed.TotalSeconds;

    public torch.Device Device { get; } = device;

    /// <summary>The model with its header; <see cref="TrainedModel.CheckpointPath"/> is the full path.</summary>
    public TrainedModel Trained { get; } = trained;

    public CheckpointHeader Header => Trained.Header;

    public DatasetSplits Splits { get; } = splits;

    /// <summary>--sigma (dimensionless: the std of θ in g = g0·e^θ).</summary>
    public double Sigma { get; } = sigma;

    /// <summary>--json: the result goes to stdout as one JSON object, progress lines to stderr.</summary>
    public bool AsJson { get; } = asJson;

    /// <summary>The resolved --profile. Asking a command without --profile for it is a programming error.</summary>
    public ExperimentProfile Experiment =>
        experiment ?? throw new InvalidOperationException("The command declares no --profile.");

    /// <summary>The --preset hardware at <see cref="Sigma"/>. Asking a command without --preset is a programming
    /// error.</summary>
    public CrossbarConfig Config => config ?? throw new InvalidOperationException("The command declares no --preset.");

    public void Dispose()
    {
        Splits.Dispose();
        Trained.Dispose();
    }
}
