using System.Diagnostics;
using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using CorrectNet.Quantization;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// The CorrectNet+ pipeline (docs/method.md F37) as notebook 07 runs it, every stage through its own cached recipe:
/// (1) enhanced Lipschitz training (<see cref="TrainedModels.GetOrTrain"/>), (2) quantization setting optimization on
/// the suppressed model at the design σ with ADC noise (<see cref="QuantizationRecipes.Optimize"/>), (3) compensation
/// units placed by the agent (searched on the variation model alone unless <see
/// cref="PipelineOptions.PlacementOnHardware"/>)
/// and trained on the chosen setting's hardware (<see cref="CompensationRecipes.Place"/>,
/// <see cref="CompensationRecipes.Compensate"/>), then Monte-Carlo on unseen chips at the network's evaluation σ. The
/// baselines (plain,
/// variation-aware, suppression alone, compensation alone) run on the reference setting's hardware (F34) at the same σ
/// and ADC noise, on the same chips (the accuracy-vs-σ curves on the first of them, <see cref="CurveRun"/>). A rerun
/// after a change recomputes only the stages whose inputs changed.
/// </summary>
public static class PipelineRecipes
{
    public const string CompensatedCacheKind = "pipeline-montecarlo";

    /// <summary>The final chips under a profile: <see cref="PipelineBudget.Chips"/> chips of the unseen seed on the
    /// first <see cref="PipelineBudget.MaxTest"/> test images.</summary>
    public static MonteCarloRun UnseenRun(ExperimentProfile profile, PipelineOptions options) =>
        new(profile.Pipeline.Chips, options.UnseenSeed, MaxTest: profile.Pipeline.MaxTest,
            CalibrationImages: profile.MonteCarlo.CalibrationImages);

    /// <summary>
    /// The chips of the accuracy-vs-σ curves: the first <see cref="MonteCarloBudget.CrossbarChips"/> of the unseen
    /// chips on the
    /// first <see cref="MonteCarloBudget.CrossbarMaxTest"/> test images, the budget of every crossbar-mode sweep (a
    /// curve
    /// costs six methods × every σ of the grid), and never more than <see cref="UnseenRun"/>, so they are a subset of
    /// its chips and images.
    /// </summary>
    public static MonteCarloRun CurveRun(ExperimentProfile profile, PipelineOptions options)
    {
        int? maxTest = (profile.MonteCarlo.CrossbarMaxTest, profile.Pipeline.MaxTest) switch
        {
            ({ } curve, { } table) => Math.Min(curve, table),
            (var curve, var table) => curve ?? table,
        };
        return new(Math.Min(profile.MonteCarlo.CrossbarChips, profile.Pipeline.Chips), options.UnseenSeed,
            MaxTest: maxTest, CalibrationImages: profile.MonteCarlo.CalibrationImages);
    }

    /// <summary>
    /// (model, data set) pairs of <see cref="PipelineBudget.Networks"/> ("model/dataset").
    /// </summary>
    public static IReadOnlyList<(string Model, string Dataset)> Networks(ExperimentProfile profile) =>
        profile.Pipeline.ModelsAndDatasets();

    /// <summary>
    /// Runs (or reads from the cache) the whole pipeline and its baselines for one network: <paramref name="model"/>
    /// (zoo name) on <paramref name="dataset"/>, whose splits <paramref name="data"/> were loaded with
    /// <see cref="ModelSetups.DataFor"/>. <paramref name="status"/> hears short lines on what runs; the context's
    /// <see cref="ExperimentContext.Training"/> the progress of any training.
    /// </summary>
    public static PipelineResult Run(
        string model,
        string dataset,
        DatasetSplits data,
        ExperimentProfile profile,
        ExperimentContext context,
        PipelineOptions? options = null,
        IProgress<string>? status = null)
    {
        options = (options ?? new PipelineOptions()).Validate();
        var clock = Stopwatch.StartNew();
        double sigma = options.SigmaFor(profile, model);
        double beta = options.BetaFor(profile, model);
        string Elapsed() => $"({clock.Elapsed.TotalSeconds:F0} s)";

        // Stage 1 and the trained baselines.
        TrainedModel Train(string method)
        {
            status?.Report($"training: {method}");
            return TrainedModels.GetOrTrain(SuppressionMethods.ForProfile(model, dataset, data, profile, method, beta,
                options.DesignSigma, options.TrainingSeed), data, context);
        }
        var plain = Train(SuppressionMethods.Plain);
        var variationAware = Train(SuppressionMethods.VariationAware);
        var firstStage = ChooseFirstStage(model, dataset, data, profile, context, options, status);
        status?.Report($"stage 1: {firstStage.Chosen.Method}");
        var models = new PipelineModels(plain, variationAware, TrainFirstStage(model, dataset, data, profile,
            context, options, firstStage.Chosen.Method)); // the model notebook 06 studies
        var suppressed = models.Suppressed;
        try
        {
            // Stage 2: the quantization setting of the suppressed model; it defines the pipeline's hardware.
            status?.Report("quantization: searching the setting at " +
                $"σ = {options.QuantizationFor(profile).Sigma:0.###} {Elapsed()}");
            var quantization = Quantize(suppressed, data, profile, context, options);
            var reference = quantization.Search.Reference.Setting;
            var chosen = quantization.Search.Chosen.Setting;
            CrossbarConfig HardwareAt(QuantizationSetting setting, double s) =>
                PipelineRecipes.HardwareAt(setting, s, profile, options);
            var hardware = new PipelineHardware(HardwareAt(reference, sigma), HardwareAt(chosen, sigma));

            // Stage 3 on the chosen hardware, and compensation alone (plain model, reference hardware).
            var searchOn = options.PlacementOnHardware ? "the hardware" : "the variation model alone";
            status?.Report($"placement: pipeline (suppressed model, searched on {searchOn}, units on the chosen " +
                $"setting) {Elapsed()}");
            // The pipeline's units are trained as its model is evaluated (with the BatchNorm stage), the baseline's
            // as the baseline is (trained statistics).
            int? own = options.BatchNormImagesFor(profile);
            var placed = PlaceAndCompensate(suppressed, data, hardware.Chosen, sigma, profile, options, context, own);
            status?.Report($"placement: compensation alone (plain model, searched on {searchOn}, units on the " +
                $"reference setting) {Elapsed()}");
            var baseline = PlaceAndCompensate(plain, data, hardware.Reference, sigma, profile, options, context,
                batchNormImages: null);

            // Evaluation: every method on the same unseen chips at the evaluation σ, and on the first of them over
            // the σ grid.
            var run = UnseenRun(profile, options);
            // The pipeline's own model meets its chips with the pipeline's BatchNorm stage; the baselines without.
            MethodUnderTest[] methods =
            [
                new(PipelineMethods.Plain, "reference", plain, reference, null, null),
                new(PipelineMethods.VariationAware, "reference", variationAware, reference, null, null),
                new(PipelineMethods.Suppression, "reference", suppressed, reference, null, own),
                new(PipelineMethods.Compensation, "reference", plain, reference, baseline.Outcome, null),
                new(PipelineMethods.SuppressionQuantization, "chosen", suppressed, chosen, null, own),
                new(PipelineMethods.Pipeline, "chosen", suppressed, chosen, placed.Outcome, own),
            ];
            MonteCarloResult Evaluate(MethodUnderTest m, double s, MonteCarloRun chips)
            {
                chips = chips with { BatchNormImages = m.BatchNormImages };
                var config = HardwareAt(m.Setting, s);
                return m.Units is null
                    ? AccuracyCurves.Evaluate(m.Model, data, config, chips, context, m.Method)
                    : EvaluateCompensated(m.Model, m.Units, data, config, chips, context, m.Method);
            }
            status?.Report($"evaluation: σ = {sigma:0.###} on {run.Chips} unseen chips (seed {run.Seed}) {Elapsed()}");
            var atSigma = methods
                .Select(m => new PipelineMethodResult(m.Method, m.Hardware, Evaluate(m, sigma, run)))
                .ToList();
            var curveRun = CurveRun(profile, options);
            var curves = new List<CurvePoint>();
            foreach (double s in options.SigmasFor(profile, model))
            {
                status?.Report($"curves: σ = {s:0.###} {Elapsed()}");
                foreach (var (m, table) in methods.Zip(atSigma))
                {
                    var point = Stopwatch.StartNew();
                    // At the evaluation σ the table's chips (a superset of the curve's) give the point: no chip is
                    // evaluated twice, and the curve passes through the table's numbers.
                    var result = Math.Abs(s - sigma) < 1e-9 ? table.Result : Evaluate(m, s, curveRun);
                    curves.Add(new CurvePoint($"{ModelSetups.DisplayName(model)}, {m.Method}", $"σ = {s:0.###}", s,
                        HardwareAt(m.Setting, s), result, false, point.Elapsed.TotalSeconds));
                }
            }
            using var test = data.Test.Take((int)Math.Min(run.MaxTest ?? data.Test.Count, data.Test.Count));
            double clean = ClassificationAccuracy.Evaluate(plain.Model, test, context.Device);
            return new PipelineResult(model, dataset, sigma, clean, models, firstStage, quantization, hardware, placed,
                baseline, run, atSigma, curves, clock.Elapsed.TotalSeconds);
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stage 1's choice (docs/method.md F37): every training of <see cref="PipelineOptions.FirstStages"/> (each at
    /// the network's β and the design σ, trained once, then read from the cache), evaluated on the quantization
    /// study's validation chips (<see cref="QuantizationRecipes.ValidationRun"/>: never the chips that report a
    /// result) at the evaluation σ on the reference setting, so the comparison is paired. With one candidate nothing
    /// is evaluated. Cached like every evaluation, so notebooks 06 and 07 pay for it once.
    /// </summary>
    /// <exception cref="ArgumentException">Several candidates but the profile has no validation chips.</exception>
    /// <exception cref="InvalidOperationException">Every candidate's training diverged.</exception>
    public static FirstStageChoice ChooseFirstStage(string model, string dataset, DatasetSplits data,
        ExperimentProfile profile, ExperimentContext context, PipelineOptions? options = null,
        IProgress<string>? status = null)
    {
        options = (options ?? new PipelineOptions()).Validate();
        if (options.FirstStages.Count == 1) return new FirstStageChoice([new(options.FirstStages[0], null)]);
        var quantization = options.QuantizationFor(profile, options.SigmaFor(profile, model));
        var chips = QuantizationRecipes.ValidationRun(profile, quantization)
            ?? throw new ArgumentException($"Choosing stage 1 among {string.Join(", ", options.FirstStages)} needs " +
                "validation chips, and Quantization.ValidationChips is 0.", nameof(profile));
        var candidates = new List<FirstStageCandidate>();
        foreach (string method in options.FirstStages)
        {
            status?.Report($"stage 1: {method} on {chips.Chips} validation chips at σ = {quantization.Sigma:0.###}");
            TrainedModel trained;
            try
            {
                trained = TrainFirstStage(model, dataset, data, profile, context, options, method);
            }
            catch (TrainingDivergedException e)
            {
                // A diverged training is a result too: it is named and left out of the choice (notebook 02 does so).
                status?.Report($"stage 1: {method} diverged, left out: {e.Message}");
                candidates.Add(new(method, null, e.Message));
                continue;
            }
            using (trained)
            {
                var reference = QuantizationRecipes.CostModel(trained, data, quantization).Reference();
                candidates.Add(new(method, QuantizationRecipes.Evaluate(trained, data, reference, quantization, chips,
                    context)));
            }
        }
        var choice = new FirstStageChoice(candidates);
        _ = choice.Chosen; // every candidate diverged: say so here, not at the first use
        return choice;
    }

    /// <summary>
    /// Stage 1's model: the training <see cref="ChooseFirstStage"/> chose (trained once, then read from the cache).
    /// Notebook 06 studies it.
    /// </summary>
    public static TrainedModel SuppressedModel(string model, string dataset, DatasetSplits data,
        ExperimentProfile profile, ExperimentContext context, PipelineOptions? options = null)
    {
        options = (options ?? new PipelineOptions()).Validate();
        var choice = ChooseFirstStage(model, dataset, data, profile, context, options);
        return TrainFirstStage(model, dataset, data, profile, context, options, choice.Chosen.Method);
    }

    private static TrainedModel TrainFirstStage(string model, string dataset, DatasetSplits data,
        ExperimentProfile profile, ExperimentContext context, PipelineOptions options, string method) =>
        TrainedModels.GetOrTrain(SuppressionMethods.ForProfile(model, dataset, data, profile, method,
            options.BetaFor(profile, model), options.DesignSigma, options.TrainingSeed), data, context);

    /// <summary>
    /// Stage 2: the quantization study (F33–F34a) of <paramref name="suppressed"/> (stage 1's model, <see
    /// cref="SuppressedModel"/>) at the pipeline's search σ, ADC noise, δ and seeds
    /// (<see cref="PipelineOptions.QuantizationFor"/>). <see cref="Run"/> and notebook 06 both ask for the study
    /// here, so every evaluation has the same cache key in both: whichever runs second computes nothing
    /// (<see cref="QuantizationStudy.Work"/> counts what was computed), and 06 shows the numbers 07 uses.
    /// </summary>
    public static QuantizationStudy Quantize(TrainedModel suppressed, DatasetSplits data, ExperimentProfile profile,
        ExperimentContext context, PipelineOptions? options = null, IProgress<QuantizationCandidate>? progress = null)
    {
        options = (options ?? new PipelineOptions()).Validate();
        return QuantizationRecipes.Optimize(suppressed, data, profile, context, options.QuantizationFor(profile),
            progress);
    }

    /// <summary>
    /// The placement search of <see cref="PipelineOptions.Placement"/> at <paramref name="sigma"/> (on
    /// <paramref name="config"/> with <see cref="PipelineOptions.PlacementOnHardware"/>, else on the lognormal
    /// variation model alone), then the best placement's units trained on <paramref name="config"/> and saved
    /// (<see cref="CompensationRecipes.Compensate"/>); no outcome when the best placement has no unit. With
    /// <paramref name="batchNormImages"/>, every training step re-estimates BatchNorm on its chip (F36a), as the
    /// model will be evaluated; a model without BatchNorm ignores it (its units keep the key of those trained without).
    /// </summary>
    public static PlacedUnits PlaceAndCompensate(
        TrainedModel trained, DatasetSplits data, CrossbarConfig config, double sigma, ExperimentProfile profile,
        PipelineOptions options, ExperimentContext context, int? batchNormImages)
    {
        // Episodes only steer the agent; placement results are cached per placement, independent of them.
        var placementProfile = profile with
        {
            Placement = profile.Placement with
            {
                Episodes = options.PlacementEpisodes ?? profile.Pipeline.PlacementEpisodes
                    ?? profile.Placement.Episodes,
            },
        };
        var searchConfig = options.PlacementOnHardware ? config : CrossbarConfig.Lognormal(sigma);
        var report = CompensationRecipes.Place(trained, data, searchConfig, placementProfile, [options.Placement],
            context, options.Alpha, options.Measure, options.PlacementSeed);
        var search = report[options.Placement];
        var layers = report.LayersOf(search.Best.Placement);
        var outcome = layers.Count == 0
            ? null
            : CompensationRecipes.Compensate(trained, data, config, layers, profile, context, options.PlacementSeed,
                CompensationRecipes.TrainingFor(profile, options.PlacementSeed) with
                {
                    LowestSigmaScale = options.UnitLowestSigmaScale,
                    BatchNormImages = AccuracyCurves.HasBatchNorm(trained.Model) ? batchNormImages : null,
                });
        return new PlacedUnits(report, layers, outcome);
    }

    /// <summary>A quantization setting as the pipeline's hardware at σ = <paramref name="sigma"/>: the options' ADC
    /// noise, rows and energy model, one override per layer.</summary>
    private static CrossbarConfig HardwareAt(QuantizationSetting setting, double sigma, ExperimentProfile profile,
        PipelineOptions options) => setting.ToCrossbarConfig(options.QuantizationFor(profile, sigma).Hardware());

    /// <summary>
    /// Per-chip BatchNorm re-estimation (docs/method.md F36a) set against the same methods without it: variation-aware
    /// training and suppression on the reference setting, and the pipeline (chosen setting, its units), at the
    /// evaluation σ on the table's chips and at σ = 0 on the curves' chips (a chip better than designed for must not
    /// get worse). Both sides are evaluated here on the same chips, so the comparison holds whether or not the
    /// pipeline runs the stage itself (<see cref="PipelineOptions.BatchNormRecalibration"/>); whichever side the table
    /// or the curves already hold comes from the cache. The statistics are re-estimated on the first
    /// <see cref="MonteCarloBudget.CalibrationImages"/> training images, the ADC calibration's. Empty for a network
    /// without BatchNorm.
    /// </summary>
    public static IReadOnlyList<BatchNormCalibrationRow> BatchNormCalibration(
        PipelineResult result,
        DatasetSplits data,
        ExperimentProfile profile,
        ExperimentContext context,
        PipelineOptions? options = null,
        IProgress<string>? status = null)
    {
        options = (options ?? new PipelineOptions()).Validate();
        if (!AccuracyCurves.HasBatchNorm(result.Models.Plain.Model)) return [];
        var reference = result.Quantization.Search.Reference.Setting;
        var chosen = result.Quantization.Search.Chosen.Setting;
        (string Method, TrainedModel Model, QuantizationSetting Setting, CompensationOutcome? Units)[] methods =
        [
            (PipelineMethods.VariationAware, result.Models.VariationAware, reference, null),
            (PipelineMethods.Suppression, result.Models.Suppressed, reference, null),
            (PipelineMethods.Pipeline, result.Models.Suppressed, chosen, result.Placed.Outcome),
        ];
        int images = profile.MonteCarlo.CalibrationImages;
        var points = new List<(double Sigma, MonteCarloRun Run)> { (result.Sigma, result.Unseen) };
        if (result.Curves.Any(p => p.Sigma == 0)) points.Add((0, CurveRun(profile, options)));
        var rows = new List<BatchNormCalibrationRow>();
        foreach (var (sigma, run) in points)
        {
            foreach (var (method, model, setting, units) in methods)
            {
                status?.Report($"BatchNorm calibration: {method} at σ = {sigma:0.###}");
                var config = HardwareAt(setting, sigma, profile, options);
                MonteCarloResult At(int? batchNormImages)
                {
                    var chips = run with { BatchNormImages = batchNormImages };
                    return units is null
                        ? AccuracyCurves.Evaluate(model, data, config, chips, context, method)
                        : EvaluateCompensated(model, units, data, config, chips, context, method);
                }
                rows.Add(new BatchNormCalibrationRow(method, sigma, At(null), At(images)));
            }
        }
        return rows;
    }

    /// <summary>
    /// Monte-Carlo accuracy of a compensated model (<paramref name="units"/>' checkpoint on <paramref name="trained"/>)
    /// under
    /// <paramref name="config"/> on the chips of <paramref name="run"/>, cached (kind "pipeline-montecarlo") by the
    /// compensated checkpoint's key, the configuration, the chips and the images. DAC/ADC ranges are calibrated with
    /// identity units (= the base model's calibration, as in compensation training, F28); the trained units are loaded
    /// afterwards. Chip k is chip k of the base model (units are digital, F27).
    /// </summary>
    public static MonteCarloResult EvaluateCompensated(
        TrainedModel trained, CompensationOutcome units, DatasetSplits data, CrossbarConfig config, MonteCarloRun run,
        ExperimentContext context, string label = "")
    {
        run.Validate();
        config.Validate();
        var device = context.Device;
        var energy = new AdcEnergyModel();
        long testImages = Math.Min(run.MaxTest ?? data.Test.Count, data.Test.Count);
        var key = new CompensatedEvaluationKey(Path.GetFileNameWithoutExtension(units.CheckpointPath), units.Units,
            AccuracyCurves.KeyFor(trained, data, config, run, energy));
        string path = context.Cache.PathFor(CompensatedCacheKind, key, ".json");
        if (AccuracyCurves.TryRead(path) is { } stored)
            return new MonteCarloResult(label, stored.Seed, stored.FirstChip, stored.ChipAccuracies,
                stored.CleanAccuracy, stored.AdcEnergyPicojoules);

        var clock = Stopwatch.StartNew();
        var inputShape = data.Test.Images.shape[1..];
        var profiles = LayerProfiler.Profile(trained.Model, inputShape);
        using var subset = testImages < data.Test.Count ? data.Test.Take((int)testImages) : null;
        var test = subset ?? data.Test;
        var (_, loaded) = CompensatedCheckpoint.Load(units.CheckpointPath, device);
        var compensated = new CompensatedModel(trained.Model, units.Units, inputShape, units.Training.Seed);
        try
        {
            using var calibration = config.NeedsCalibration() ? AccuracyCurves.CalibrationImages(data,
                run.CalibrationImages, device) : null;
            using var analog = AnalogConversion.ToAnalog(compensated, config, inputShape, calibration);
            CopyUnits(loaded, compensated);
            double? picojoules = energy.TotalPicojoules(analog, profiles);
            using var recalibration = AccuracyCurves.Recalibration(analog.Model, data, run.BatchNormImages, device);
            var result = MonteCarloEvaluator.Evaluate(analog, test, run.Chips, run.Seed, run.FirstChip, label,
                picojoules, device, run.BatchSize, cancellation: context.Cancellation, recalibration: recalibration);
            var entry = new MonteCarloCacheEntry(result.Seed, result.FirstChip, result.ChipAccuracies,
                result.CleanAccuracy,
                result.AdcEnergyPicojoules, clock.Elapsed.TotalSeconds);
            ResultCache.WriteEntry(path, JsonFormat.Serialize(entry));
            return result;
        }
        finally
        {
            compensated.DisposeUnits();
            loaded.Dispose();
        }
    }

    private static void CopyUnits(CompensatedModel from, CompensatedModel to)
    {
        using var _ = torch.no_grad();
        foreach (var spec in to.Specs)
        {
            var source = from.UnitOf(spec.Layer).parameters().ToList();
            var target = to.UnitOf(spec.Layer).parameters().ToList();
            if (source.Count != target.Count)
                throw new InvalidDataException($"The units on '{spec.Layer}' differ in shape.");
            for (int i = 0; i < target.Count; i++) target[i].copy_(source[i]);
        }
    }

    /// <summary>One method of the comparison: the model it runs, on which setting, with which units (if any), and
    /// whether each chip re-estimates BatchNorm statistics on that many training images (null: trained ones).
    /// </summary>
    private sealed record MethodUnderTest(
        string Method,
        string Hardware,
        TrainedModel Model,
        QuantizationSetting Setting,
        CompensationOutcome? Units,
        int? BatchNormImages);
}
