using System.Diagnostics;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// The real cell evaluation: load the cell's data, let its method (<see cref="SweepMethodRegistry"/>) train or load the
/// model through the cache of <paramref name="context"/>, then evaluate it at every σ on the hardware preset of the
/// cell
/// (<see cref="AccuracyCurves.OverSigma"/>, cached per σ, so an interrupted cell resumes at its first missing σ).
/// The last loaded data set is kept for the next cell (cells of one model and data set follow each other).
/// </summary>
public sealed class TrainingCellEvaluator(
    ExperimentContext context,
    string? dataRoot = null,
    SweepMethodRegistry? methods = null) : ISweepCellEvaluator, IDisposable
{
    private readonly SweepMethodRegistry _methods = methods ?? SweepMethodRegistry.Default;
    private (string Dataset, DatasetOptions Options, DatasetSplits Splits)? _loaded;

    public SweepCellEvaluation Evaluate(SweepCell cell, IProgress<string>? status, CancellationToken cancellation)
    {
        var method = _methods[cell.Method];
        var resolved = ExperimentProfile.Resolve(cell.Profile);
        var profile = resolved with
        {
            Training = resolved.Training with { MaxTrain = cell.MaxTrain, MaxTest = cell.MaxTest },
            MonteCarlo = resolved.MonteCarlo with { CalibrationImages = cell.CalibrationImages },
        };
        var data = Load(cell.Dataset, ModelSetups.DataFor(cell.Model, profile));

        status?.Report("training");
        var clock = Stopwatch.StartNew();
        var training = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.Batch == p.Batches || p.Batch % Math.Max(1, p.Batches / 20) == 0)
                status?.Report($"training epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}");
        });
        var cellContext = context with { Training = training, Cancellation = cancellation };
        using var trained = method(new SweepMethodContext(cell, data, profile, cellContext));
        var summary = new SweepTrainingSummary(trained.Header.Setup, trained.CheckpointPath, trained.FromCache,
            trained.Header.EpochsCompleted, trained.Header.History.Count > 0
                ? trained.Header.History[^1].TestAccuracy : null,
            clock.Elapsed.TotalSeconds, ThreadCounts(trained.Header.History));

        var run = new MonteCarloRun(cell.Chips, cell.ChipSeed, MaxTest: cell.EvaluationImages,
            CalibrationImages: cell.CalibrationImages);
        status?.Report($"evaluating σ = {cell.Sigmas.FirstOrDefault()}");
        var points = AccuracyCurves.OverSigma(trained, data, cell.Sigmas, sigma => CrossbarConfig.Preset(cell.Preset,
            sigma), run,
            cell.Method, cellContext,
            new SynchronousProgress<CurvePoint>(p => status?.Report($"σ = {p.Sigma:0.###}: mean {p.Result.Mean:P1}")));
        var results = cell.Sigmas.Zip(points, (sigma, p) => new SweepSigmaResult(sigma, p.Result.ChipAccuracies,
            p.Result.CleanAccuracy,
            p.Result.AdcEnergyPicojoules, p.Result.Seed, p.Result.FirstChip, p.Seconds, p.FromCache)).ToArray();
        return new SweepCellEvaluation(results, summary);
    }

    private DatasetSplits Load(string dataset, DatasetOptions options)
    {
        if (_loaded is { } loaded && loaded.Dataset == dataset && loaded.Options == options) return loaded.Splits;
        _loaded?.Splits.Dispose();
        _loaded = null;
        var splits = DatasetRegistry.Load(dataset, options, dataRoot);
        _loaded = (dataset, options, splits);
        return splits;
    }

    /// <summary>The distinct thread counts the epochs ran on, in order of first use; null when none is
    /// recorded.</summary>
    private static IReadOnlyList<int>? ThreadCounts(IEnumerable<EpochRecord> history)
    {
        int[] counts = [.. history.Select(e => e.Threads).OfType<int>().Distinct()];
        return counts.Length == 0 ? null : counts;
    }

    public void Dispose()
    {
        _loaded?.Splits.Dispose();
        _loaded = null;
    }
}
