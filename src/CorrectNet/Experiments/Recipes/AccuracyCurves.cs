using System.Diagnostics;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// Monte-Carlo evaluations of a trained model on simulated crossbars (docs/method.md F35–F36), cached in the result
/// cache (kind "montecarlo", JSON) under the full configuration (<see cref="MonteCarloCacheKey"/>): rerunning a sweep
/// is instant, and any change of model, hardware, chips, seed or images computes anew. The model enters the key through
/// its training setup (<see cref="TrainedModel.Header"/>), so pass models exactly as their setup produced them: a model
/// changed after training (units inserted, weights edited) needs a setup of its own, or it would read stale entries.
/// </summary>
public static class AccuracyCurves
{
    public const string CacheKind = "montecarlo";

    /// <summary>
    /// Accuracy of <paramref name="trained"/> on the chips of <paramref name="run"/> under <paramref name="config"/>,
    /// with
    /// its total ADC energy per inference (null without ADC). A configuration without any randomness (σ = 0, no
    /// stuck-at faults, no read or ADC noise) makes every chip the ideal one: it is evaluated once and reported as one
    /// chip.
    /// </summary>
    public static MonteCarloResult Evaluate(
        TrainedModel trained,
        DatasetSplits data,
        CrossbarConfig config,
        MonteCarloRun run,
        ExperimentContext context,
        string label = "",
        AdcEnergyModel? energy = null,
        IProgress<MonteCarloProgress>? progress = null) =>
        EvaluateCached(trained, data, config, run, context, label, energy, progress).Result;

    /// <summary>Evaluates every setting in order (cached one by one); <paramref name="progress"/> hears of each
    /// finished point.</summary>
    public static IReadOnlyList<CurvePoint> Run(
        TrainedModel trained,
        DatasetSplits data,
        IEnumerable<CurveSetting> settings,
        MonteCarloRun run,
        ExperimentContext context,
        AdcEnergyModel? energy = null,
        IProgress<CurvePoint>? progress = null)
    {
        var points = new List<CurvePoint>();
        foreach (var setting in settings)
        {
            var clock = Stopwatch.StartNew();
            var (result, fromCache) = EvaluateCached(trained, data, setting.Config, run, context,
                $"{setting.Series} {setting.Setting}".Trim(), energy, null);
            var point = new CurvePoint(setting.Series, setting.Setting, setting.X, setting.Config, result, fromCache,
                clock.Elapsed.TotalSeconds);
            points.Add(point);
            progress?.Report(point);
        }
        return points;
    }

    /// <summary>
    /// Accuracy versus σ: one point per σ with the hardware <paramref name="configFor"/>(σ), e.g.
    /// <see cref="CrossbarConfig.Lognormal"/> for the paper's float model. Every σ uses the same chip seeds, so chip k
    /// has the same normalized draws θ/σ at every σ and the curves are smooth.
    /// </summary>
    public static IReadOnlyList<CurvePoint> OverSigma(
        TrainedModel trained,
        DatasetSplits data,
        IEnumerable<double> sigmas,
        Func<double, CrossbarConfig> configFor,
        MonteCarloRun run,
        string series,
        ExperimentContext context,
        IProgress<CurvePoint>? progress = null) =>
        Run(trained, data, sigmas.Select(s => new CurveSetting(series, $"σ = {s:0.###}", s, configFor(s))), run,
            context,
            progress: progress);

    /// <summary>Whether every chip of <paramref name="config"/> equals the ideal devices (nothing random
    /// anywhere).</summary>
    public static bool IsDeterministic(CrossbarConfig config) =>
        config.Variation.IsNone && config.Hardware.AdcNoiseLsb == 0 && config.Overrides.Values.All(h =>
            h.AdcNoiseLsb == 0);

    /// <summary>The first <paramref name="count"/> training images (at most all), on <paramref name="device"/>: the
    /// calibration batch.</summary>
    public static Tensor CalibrationImages(DatasetSplits data, int count = MonteCarloRun.DefaultCalibrationImages,
        Device? device = null)
    {
        long n = Math.Min(count, data.Train.Count);
        using var first = data.Train.Images.narrow(0, 0, n);
        return device is null ? first.clone() : first.to(device, copy: true);
    }

    /// <summary>The analog twin of <paramref name="trained"/> under <paramref name="config"/>, calibrated when the
    /// configuration needs it.</summary>
    public static AnalogModel ToAnalog(TrainedModel trained, DatasetSplits data, CrossbarConfig config,
        int calibrationImages = MonteCarloRun.DefaultCalibrationImages, Device? device = null)
    {
        var inputShape = data.Test.Images.shape[1..];
        var analog = AnalogConversion.ToAnalog(trained.Model, config, inputShape);
        try
        {
            if (analog.NeedsCalibration)
            {
                using var images = CalibrationImages(data, calibrationImages, device);
                analog.Calibrate(images);
            }
            return analog;
        }
        catch
        {
            analog.Dispose();
            throw;
        }
    }

    /// <summary>ADC energy of one inference per analog layer with an ADC (empty in float mode), from the layer counts
    /// of docs/method.md F20.</summary>
    public static IReadOnlyList<AdcLayerEnergy> AdcEnergyPerLayer(
        TrainedModel trained, DatasetSplits data, CrossbarConfig config, AdcEnergyModel? energy = null,
        int calibrationImages = MonteCarloRun.DefaultCalibrationImages, Device? device = null)
    {
        // Bit-serial inputs need calibration to know their cycles; otherwise the counts follow from the mapping alone.
        bool bitSerial = config.Hardware.BitSerialInput || config.Overrides.Values.Any(h => h.BitSerialInput);
        var inputShape = data.Test.Images.shape[1..];
        var profiles = LayerProfiler.Profile(trained.Model,
            inputShape); // before the hooks: profiling runs the digital model
        using var analog = bitSerial
            ? ToAnalog(trained, data, config, calibrationImages, device)
            : AnalogConversion.ToAnalog(trained.Model, config, inputShape);
        return (energy ?? new AdcEnergyModel()).PerLayer(analog, profiles);
    }

    internal static (MonteCarloResult Result, bool FromCache) EvaluateCached(
        TrainedModel trained,
        DatasetSplits data,
        CrossbarConfig config,
        MonteCarloRun run,
        ExperimentContext context,
        string label,
        AdcEnergyModel? energy,
        IProgress<MonteCarloProgress>? progress)
    {
        run.Validate();
        config.Validate();
        var device = context.Device;
        energy ??= new AdcEnergyModel();
        long testImages = Math.Min(run.MaxTest ?? data.Test.Count, data.Test.Count);
        var key = KeyFor(trained, data, config, run, energy);
        string path = context.Cache.PathFor(CacheKind, key, ".json");
        if (TryRead(path) is { } cached)
            return (new MonteCarloResult(label, cached.Seed, cached.FirstChip, cached.ChipAccuracies,
                cached.CleanAccuracy, cached.AdcEnergyPicojoules), true);

        var clock = Stopwatch.StartNew();
        using var subset = testImages < data.Test.Count ? data.Test.Take((int)testImages) : null;
        var test = subset ?? data.Test;
        var profiles = LayerProfiler.Profile(trained.Model,
            data.Test.Images.shape[1..]); // before the hooks: profiling runs the digital model
        using var analog = ToAnalog(trained, data, config, run.CalibrationImages, device);
        double? picojoules = energy.TotalPicojoules(analog, profiles);
        MonteCarloResult result;
        if (IsDeterministic(config) && key.BatchNormImages is null)
        {
            analog.UseIdeal();
            double clean = Training.ClassificationAccuracy.Evaluate(analog.Model, test, device, run.BatchSize);
            progress?.Report(new MonteCarloProgress(1, 1, run.FirstChip, clean));
            result = new MonteCarloResult(label, run.Seed, run.FirstChip, [clean], clean, picojoules);
        }
        else
        {
            using var recalibration = Recalibration(analog.Model, data, run.BatchNormImages, device);
            result = MonteCarloEvaluator.Evaluate(analog, test, run.Chips, run.Seed, run.FirstChip, label, picojoules,
                device, run.BatchSize, progress, context.Cancellation, recalibration);
        }
        var entry = new MonteCarloCacheEntry(result.Seed, result.FirstChip, result.ChipAccuracies, result.CleanAccuracy,
            result.AdcEnergyPicojoules, clock.Elapsed.TotalSeconds);
        ResultCache.WriteEntry(path, JsonFormat.Serialize(entry));
        return (result, false);
    }

    /// <summary>
    /// The cache key of a Monte-Carlo evaluation of <paramref name="trained"/> (alone or, wrapped by the caller's key,
    /// with units): setup, hardware, chips, images, calibration, batch size, energy model, and the images of a per-chip
    /// BatchNorm re-estimation when the run asks for one and the model has BatchNorm layers.
    /// </summary>
    internal static MonteCarloCacheKey KeyFor(TrainedModel trained, DatasetSplits data, CrossbarConfig config,
        MonteCarloRun run, AdcEnergyModel energy) =>
        new(trained.Header.Setup, config, run.Chips, run.Seed, run.FirstChip, data.Test.Name,
            Math.Min(run.MaxTest ?? data.Test.Count, data.Test.Count), data.Train.Name,
            Math.Min(run.CalibrationImages, data.Train.Count), run.BatchSize, energy)
        {
            BatchNormImages = run.BatchNormImages is { } n && HasBatchNorm(trained.Model)
                ? Math.Min(n, data.Train.Count)
                : null,
        };

    /// <summary>Per-chip BatchNorm re-estimation (F36a) of <paramref name="model"/> (the analog twin's module, units
    /// included) on the first <paramref name="images"/> training images; null when that is null or the model has no
    /// BatchNorm.</summary>
    internal static BatchNormRecalibration? Recalibration(nn.Module<Tensor, Tensor> model, DatasetSplits data,
        int? images, Device? device)
    {
        if (images is not { } count || !HasBatchNorm(model)) return null;
        return new BatchNormRecalibration(model, CalibrationImages(data, count, device), ownsImages: true);
    }

    /// <summary>Whether <paramref name="model"/> has a BatchNorm layer to re-estimate (F36a).</summary>
    internal static bool HasBatchNorm(nn.Module model) =>
        model.modules().Any(m => m is TorchSharp.Modules.BatchNorm2d);

    /// <summary>
    /// The stored entry, or null when absent or of another shape (it is then recomputed and overwritten); a damaged
    /// entry is an error, an older one without checksum is read unverified (<see cref="ResultCache.ReadEntry"/>).
    /// </summary>
    internal static MonteCarloCacheEntry? TryRead(string path)
    {
        if (ResultCache.ReadEntry(path) is not { } json) return null;
        try
        {
            var entry = JsonFormat.Deserialize<MonteCarloCacheEntry>(json, path);
            return entry.ChipAccuracies is { Count: > 0 } ? entry : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
