using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using CorrectNet.Placement;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// Error compensation and its placement (docs/method.md F27–F32) as notebooks and the CLI run them, sized by an
/// <see cref="ExperimentProfile"/> and cached in the result cache. Chips: evaluation chips 0 … N − 1 of
/// <c>seed</c>; the units train on chips of <see cref="CompensationTrainingConfig.ChipSeedFor"/>(seed) = seed + 1 000
/// 003,
/// so they are always evaluated on chips they never saw. Test images: the first
/// <see cref="PlacementBudget.MaxTest"/>. Calibration (crossbar presets): the first
/// <see cref="MonteCarloBudget.CalibrationImages"/> training images, through the model with identity units.
/// </summary>
public static class CompensationRecipes
{
    public const string CompensationCacheKind = "compensation";
    public const string PlacementCacheKind = "placement";
    public const string SharedPlacementCacheKind = "placement-shared";
    public const string SensitivityCacheKind = "sensitivity";

    /// <summary>The profile's compensation training for evaluation seed <paramref name="seed"/>.</summary>
    public static CompensationTrainingConfig TrainingFor(ExperimentProfile profile, long seed = 1) => new()
    {
        Steps = profile.Placement.CompensationSteps,
        BatchSize = profile.Placement.CompensationBatchSize,
        Seed = seed,
        ChipSeed = CompensationTrainingConfig.ChipSeedFor(seed),
    };

    /// <summary>
    /// Inserts units on <paramref name="layers"/> (default widths), trains them (<see cref="TrainingFor"/>) and
    /// evaluates
    /// before and after on the profile's unseen chips. Cached (JSON plus the compensated checkpoint).
    /// </summary>
    public static CompensationOutcome Compensate(
        TrainedModel trained,
        DatasetSplits data,
        CrossbarConfig config,
        IReadOnlyList<string> layers,
        ExperimentProfile profile,
        ExperimentContext context,
        long seed = 1,
        CompensationTrainingConfig? training = null)
    {
        var device = context.Device;
        training ??= TrainingFor(profile, seed);
        var inputShape = data.Test.Images.shape[1..];
        var profiles = LayerProfiler.Profile(trained.Model, inputShape);
        var units = layers.Select(l => new CompensationSpec(l)).ToList();
        var cost = CompensationCost.Of(profiles, units);
        using var test = TestSubset(data, profile);
        var key = KeyFor(trained, data, config, string.Join("+", layers), training, profile,
            profile.Placement.Chips, seed, test.Count);
        string json = context.Cache.PathFor(CompensationCacheKind, key, ".json");
        string checkpoint = Path.ChangeExtension(json, ".ckpt");
        if (TryRead<CompensationCacheEntry>(json) is { } stored && File.Exists(checkpoint))
            return Outcome(stored, seed, profile, training, cost, checkpoint, fromCache: true);

        using var calibration = Calibration(data, config, profile, device);
        var compensated = new CompensatedModel(trained.Model, units, inputShape, training.Seed);
        try
        {
            using var analog = AnalogConversion.ToAnalog(compensated, config, inputShape, calibration);
            // Units trained with per-chip BatchNorm re-estimation (F36a) are judged with it too.
            using var recalibration = AccuracyCurves.Recalibration(analog.Model, data, training.BatchNormImages,
                device);
            var before = MonteCarloEvaluator.Evaluate(analog, test, profile.Placement.Chips, seed, device: device,
                label: "before", recalibration: recalibration);
            // "before" runs the identity units: exactly the base model on these chips.
            var result = CompensationTrainer.Train(compensated, analog, data.Train, training, device);
            var after = MonteCarloEvaluator.Evaluate(analog, test, profile.Placement.Chips, seed, device: device,
                label: "after", recalibration: recalibration);
            analog.Dispose(); // the trained weights are back before saving
            CompensatedCheckpoint.Save(checkpoint, compensated, trained.Header, training);
            var entry = new CompensationCacheEntry(compensated.Specs, before.ChipAccuracies, after.ChipAccuracies,
                before.CleanAccuracy, after.CleanAccuracy, result.Seconds);
            ResultCache.WriteEntry(json, JsonFormat.Serialize(entry));
            return Outcome(entry, seed, profile, training, cost, checkpoint, fromCache: false);
        }
        finally
        {
            compensated.DisposeUnits();
        }
    }

    /// <summary>Sensitivity of every analog layer (F30) on the profile's chips and test images; cached.</summary>
    public static IReadOnlyList<PlacementSite> Sensitivities(
        TrainedModel trained, DatasetSplits data, CrossbarConfig config, ExperimentProfile profile,
        ExperimentContext context, long seed = 1)
    {
        var device = context.Device;
        using var test = TestSubset(data, profile);
        var key = new SensitivityCacheKey(trained.Header.Setup, config, profile.Placement.SensitivityChips, seed,
            data.Test.Name, test.Count,
            data.Train.Name, CalibrationImagesOf(data, profile));
        string path = context.Cache.PathFor(SensitivityCacheKind, key, ".json");
        var profiles = LayerProfiler.Profile(trained.Model,
            data.Test.Images.shape[1..]).Where(p => !config.IsDigital(p.Name)).ToList();
        if (TryRead<List<double>>(path) is { } stored && stored.Count == profiles.Count)
            return [.. profiles.Select((p, l) => new PlacementSite(p, stored[l],
                CompensationUnit.DefaultWidth(p.OutChannels)))];
        using var calibration = Calibration(data, config, profile, device);
        var sites = LayerSensitivity.Measure(trained.Model, config, test, profile.Placement.SensitivityChips, seed,
            calibration, device);
        ResultCache.WriteEntry(path, JsonFormat.Serialize(sites.Select(s => s.Sensitivity).ToList()));
        return sites;
    }

    /// <summary>
    /// The placement environment of F30–F31 for <paramref name="trained"/> under <paramref name="config"/>: sites with
    /// sensitivities, reward with <paramref name="alpha"/>, every placement scored once as
    /// <see cref="PlacementBudget.Scoring"/> says (its own units, <see cref="CompensationPlacementEvaluator"/>, or
    /// shared units, <see cref="WeightSharingPlacementEvaluator"/>) on
    /// <see cref="PlacementBudget.SearchEvaluationChips"/> chips and
    /// <see cref="PlacementBudget.SearchEvaluationImages"/> test images, and stored on disk, so reruns and other
    /// searches reuse it. Dispose the returned handle when done (it owns the test subset, the calibration batch
    /// and any shared units, whose crossbar hooks sit on the base model).
    /// </summary>
    public static PlacementSession OpenPlacement(
        TrainedModel trained, DatasetSplits data, CrossbarConfig config, ExperimentProfile profile,
        ExperimentContext context, double alpha = 1.0, OverheadMeasure measure = OverheadMeasure.Macs, long seed = 1,
        IProgress<PlacementEvaluation>? progress = null)
    {
        var device = context.Device;
        var budget = profile.Placement;
        var sites = Sensitivities(trained, data, config, profile, context, seed);
        var layers = sites.Select(s => s.Name).ToList();
        var test = data.Test.Take((int)Math.Min(budget.SearchEvaluationImages ?? data.Test.Count, data.Test.Count));
        var calibration = Calibration(data, config, profile, device);
        int chips = budget.SearchEvaluationChips;
        var training = TrainingFor(profile, seed);
        WeightSharingPlacementEvaluator? shared = null;
        Func<UnitPlacement, PlacementOutcome> score;
        Func<UnitPlacement, string> entryPath;
        double clean;
        try
        {
            if (budget.Scoring == PlacementScoring.WeightSharing)
            {
                var sharedTraining = training with { Steps = budget.SharedTrainingSteps };
                shared = new WeightSharingPlacementEvaluator(new PlacementScoringSetup(trained.Model, config,
                    layers, data.Train, test, sharedTraining, chips, seed, calibration, device));
                score = shared.Evaluate;
                clean = shared.CleanAccuracy;
                // The same key as a per-placement score, holding the shared training; its own folder keeps
                // the two scorings apart.
                entryPath = placement => context.Cache.PathFor(SharedPlacementCacheKind,
                    KeyFor(trained, data, config, placement.Key, sharedTraining, profile, chips, seed, test.Count),
                    ".json");
            }
            else
            {
                var evaluator = new CompensationPlacementEvaluator(new PlacementScoringSetup(trained.Model, config,
                    layers, data.Train, test, training, chips, seed, calibration, device));
                score = evaluator.Evaluate;
                clean = evaluator.CleanAccuracy;
                entryPath = placement => context.Cache.PathFor(PlacementCacheKind,
                    KeyFor(trained, data, config, placement.Key, training, profile, chips, seed, test.Count), ".json");
            }
        }
        catch
        {
            shared?.Dispose();
            test.Dispose();
            calibration?.Dispose();
            throw;
        }
        int scored = 0;
        var environment = new PlacementEnvironment(sites, placement =>
        {
            string path = entryPath(placement);
            var outcome = TryRead<PlacementOutcome>(path);
            if (outcome is null)
            {
                outcome = score(placement);
                ResultCache.WriteEntry(path, JsonFormat.Serialize(outcome));
                scored++;
            }
            progress?.Report(new PlacementEvaluation(placement, outcome, double.NaN));
            return outcome;
        }, alpha, measure, cap: budget.OverheadCap, baseSize: BaseSize(trained, data));
        return new PlacementSession(environment, budget.Scoring, test, calibration, shared, clean, () => scored);
    }

    /// <summary>
    /// Runs the searches named in <paramref name="methods"/> (<see cref="PlacementSearchRegistry.Names"/>; "exhaustive"
    /// refuses more than <see cref="PlacementSearches.MaxExhaustivePlacements"/> placements) on one shared, cached
    /// environment and reports them all.
    /// </summary>
    public static PlacementReport Place(
        TrainedModel trained, DatasetSplits data, CrossbarConfig config, ExperimentProfile profile,
        IEnumerable<string> methods, ExperimentContext context, double alpha = 1.0,
        OverheadMeasure measure = OverheadMeasure.Macs, long seed = 1, IProgress<PlacementEvaluation>? progress = null)
    {
        using var session = OpenPlacement(trained, data, config, profile, context, alpha, measure, seed, progress);
        var environment = session.Environment;
        var searches = new List<PlacementSearchResult>();
        foreach (string method in methods)
        {
            searches.Add(PlacementSearchRegistry.Get(method).Run(environment, seed, profile.Placement.Episodes));
        }
        return new PlacementReport(environment.Sites, session.CleanAccuracy, alpha, measure, searches,
            environment.Evaluations, session.Trained, environment.Evaluated)
        {
            Scoring = session.Scoring,
        };
    }

    /// <summary>
    /// The weight-sharing shortcut checked against per-placement training (docs/method.md F38): every placement of
    /// <paramref name="trained"/> (exhaustive search, so 2^L must be affordable) scored both ways on the profile's
    /// search chips and images, each scoring cached like any search's. Spearman's ρ, the two optima and the
    /// retrained worth of the shortcut's choice are in the result.
    /// </summary>
    public static WeightSharingComparison CompareScorings(
        TrainedModel trained, DatasetSplits data, CrossbarConfig config, ExperimentProfile profile,
        ExperimentContext context, double alpha = 1.0, OverheadMeasure measure = OverheadMeasure.Macs, long seed = 1)
    {
        PlacementReport Scored(PlacementScoring scoring) => Place(trained, data, config,
            profile with { Placement = profile.Placement with { Scoring = scoring } },
            [PlacementSearchNames.Exhaustive], context, alpha, measure, seed);
        var shared = Scored(PlacementScoring.WeightSharing)[PlacementSearchNames.Exhaustive];
        var perPlacement = Scored(PlacementScoring.PerPlacement)[PlacementSearchNames.Exhaustive];
        return new WeightSharingComparison(perPlacement.Visited, shared.Visited).Validate();
    }

    private static PlacementCacheKey KeyFor(TrainedModel trained, DatasetSplits data, CrossbarConfig config,
        string placement, CompensationTrainingConfig training, ExperimentProfile profile, int chips, long seed,
        long testImages) =>
        new(trained.Header.Setup, config, placement, training, chips, seed, data.Test.Name, testImages,
            data.Train.Name, CalibrationImagesOf(data, profile));

    /// <summary>Parameters and MACs per image of every Conv2d/Linear layer of the base model (F7), the denominators
    /// of the overhead shares (F29).</summary>
    private static (long Parameters, long Macs) BaseSize(TrainedModel trained, DatasetSplits data)
    {
        var profiles = LayerProfiler.Profile(trained.Model, data.Test.Images.shape[1..]);
        return (profiles.Sum(p => p.Parameters), profiles.Sum(p => p.Macs));
    }

    /// <summary>Calibration images a cache key records: the profile's, capped by the training set.</summary>
    private static long CalibrationImagesOf(DatasetSplits data, ExperimentProfile profile) =>
        Math.Min(profile.MonteCarlo.CalibrationImages, data.Train.Count);

    private static CompensationOutcome Outcome(CompensationCacheEntry entry, long seed, ExperimentProfile profile,
        CompensationTrainingConfig training, CompensationCost cost, string checkpoint, bool fromCache) =>
        new(entry.Units,
            new MonteCarloResult("before", seed, 0, entry.Before, entry.CleanAccuracy, null),
            new MonteCarloResult("after", seed, 0, entry.After, entry.CompensatedCleanAccuracy, null),
            cost, training, checkpoint, entry.TrainingSeconds, fromCache);

    /// <summary>The first CompensationMaxTest test images (a copy the caller disposes).</summary>
    private static ImageDataset TestSubset(DatasetSplits data, ExperimentProfile profile) =>
        data.Test.Take((int)Math.Min(profile.Placement.MaxTest ?? data.Test.Count, data.Test.Count));

    private static Tensor? Calibration(DatasetSplits data, CrossbarConfig config, ExperimentProfile profile,
        Device? device)
    {
        return config.NeedsCalibration() ? AccuracyCurves.CalibrationImages(data, profile.MonteCarlo.CalibrationImages,
            device) : null;
    }

    private static T? TryRead<T>(string path) where T : class
    {
        if (ResultCache.ReadEntry(path) is not { } json) return null; // a damaged entry throws
        try
        {
            return JsonFormat.Deserialize<T>(json, path);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
