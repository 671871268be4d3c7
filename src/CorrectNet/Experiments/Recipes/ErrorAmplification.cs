using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// The error-amplification curve (docs/method.md F26): the relative feature error e_l = ‖y'_l − y_l‖ / ‖y_l‖ after
/// every
/// analog layer l, averaged over chips 0 … chips − 1 of a seed, on a fixed batch (the first N test images). Cached in
/// the
/// result cache (kind "errorprobe", JSON) under the full configuration.
/// </summary>
public static class ErrorAmplification
{
    public const string CacheKind = "errorprobe";

    public static IReadOnlyList<LayerError> Measure(
        TrainedModel trained,
        DatasetSplits data,
        CrossbarConfig config,
        int images,
        int chips,
        ExperimentContext context,
        long seed = 1,
        long firstChip = 0,
        int calibrationImages = MonteCarloRun.DefaultCalibrationImages)
    {
        if (images < 1) throw new ArgumentOutOfRangeException(nameof(images), images, "At least one image.");
        if (chips < 1) throw new ArgumentOutOfRangeException(nameof(chips), chips, "At least one chip.");
        config.Validate();
        long count = Math.Min(images, data.Test.Count);
        var key = new ErrorProbeCacheKey(trained.Header.Setup, config, data.Test.Name, count, chips, seed, firstChip,
            data.Train.Name, Math.Min(calibrationImages, data.Train.Count));
        string path = context.Cache.PathFor(CacheKind, key, ".json");
        if (ResultCache.ReadEntry(path) is { } json) // a damaged entry throws
        {
            try
            {
                var stored = JsonFormat.Deserialize<List<LayerError>>(json, path);
                if (stored.Count > 0) return stored;
            }
            catch (InvalidDataException)
            {
                // unreadable: measure again and overwrite
            }
        }

        using var analog = AccuracyCurves.ToAnalog(trained, data, config, calibrationImages, context.Device);
        using var first = data.Test.Images.narrow(0, 0, count);
        using var batch = context.Device is null ? first.clone() : first.to(context.Device, copy: true);
        var curve = ErrorPropagationProbe.Measure(analog, batch, Enumerable.Range(0, chips).Select(k => new Chip(seed,
            firstChip + k)));
        ResultCache.WriteEntry(path, JsonFormat.Serialize(curve));
        return curve;
    }

    /// <summary>Curves for several σ with the hardware <paramref name="configFor"/>(σ), keyed by σ.</summary>
    public static IReadOnlyDictionary<double, IReadOnlyList<LayerError>> OverSigma(
        TrainedModel trained,
        DatasetSplits data,
        IEnumerable<double> sigmas,
        Func<double, CrossbarConfig> configFor,
        int images,
        int chips,
        ExperimentContext context,
        long seed = 1) =>
        sigmas.Distinct().ToDictionary(s => s, s => Measure(trained, data, configFor(s), images, chips, context, seed));
}
