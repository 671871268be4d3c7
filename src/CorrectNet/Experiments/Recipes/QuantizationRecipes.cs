using System.Diagnostics;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using CorrectNet.Quantization;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// Quantization setting optimization (docs/method.md F33–F34) as notebook 06 and `correctnet quantize` run it: every
/// setting becomes a <see cref="CrossbarConfig"/> with one override per layer and is evaluated by Monte-Carlo on one
/// fixed chip set (<see cref="QuantizationBudget.Chips"/> chips of the search seed, so comparisons are
/// paired), remembered in memory by the setting's key and on disk by <see cref="AccuracyCurves"/> (the result cache
/// keyed by the full configuration). The chosen setting, the reference and the cheapest uniform setting within the
/// bound (F34a) are then reported on <see cref="QuantizationBudget.UnseenChips"/> chips of a different seed.
/// </summary>
public static class QuantizationRecipes
{
    /// <summary>The chip set of the search under a profile.</summary>
    public static MonteCarloRun SearchRun(ExperimentProfile profile, QuantizationOptions options) =>
        Run(profile, profile.Quantization.Chips, options.SearchSeed, options);

    /// <summary>The chips that re-check the search's choice (F33b); null when the profile asks for none.</summary>
    public static MonteCarloRun? ValidationRun(ExperimentProfile profile, QuantizationOptions options) =>
        profile.Quantization.ValidationChips == 0 ? null : Run(profile, profile.Quantization.ValidationChips,
            options.ValidationSeed, options);

    /// <summary>The unseen chips on which the result is reported.</summary>
    public static MonteCarloRun UnseenRun(ExperimentProfile profile, QuantizationOptions options) =>
        Run(profile, profile.Quantization.UnseenChips, options.UnseenSeed, options);

    // Every quantization evaluation uses the profile's test images and calibration; only chips and seed differ.
    private static MonteCarloRun Run(ExperimentProfile profile, int chips, long seed, QuantizationOptions options) =>
        new(chips, seed, MaxTest: profile.Quantization.MaxTest,
            CalibrationImages: profile.MonteCarlo.CalibrationImages)
        {
            BatchNormImages = options.BatchNormImages,
        };

    /// <summary>The ADC cost model of <paramref name="trained"/> at the options' rows and energy model.</summary>
    public static QuantizationCostModel CostModel(TrainedModel trained, DatasetSplits data,
        QuantizationOptions options) =>
        new(LayerProfiler.Profile(trained.Model, data.Test.Images.shape[1..]), options.Rows, options.Energy);

    /// <summary>Monte-Carlo accuracy of one setting on the chips of <paramref name="run"/> (cached on disk).</summary>
    public static MonteCarloResult Evaluate(
        TrainedModel trained, DatasetSplits data, QuantizationSetting setting, QuantizationOptions options,
        MonteCarloRun run, ExperimentContext context) =>
        AccuracyCurves.Evaluate(trained, data, setting.ToCrossbarConfig(options.Hardware()), run, context, setting.Key,
            options.Energy);

    /// <summary>
    /// Searches the setting of least ADC energy within δ of the reference's accuracy, re-checks that choice on the
    /// validation chips (F33b: walking back along the search's path, greedy's accepted moves, to a setting that holds
    /// there), and reports it with the
    /// reference on unseen chips. <paramref name="progress"/> hears of every evaluated candidate.
    /// </summary>
    public static QuantizationStudy Optimize(
        TrainedModel trained,
        DatasetSplits data,
        ExperimentProfile profile,
        ExperimentContext context,
        QuantizationOptions? options = null,
        IProgress<QuantizationCandidate>? progress = null)
    {
        options = (options ?? new QuantizationOptions()).Validate();
        var clock = Stopwatch.StartNew();
        var costs = CostModel(trained, data, options);
        var reference = costs.Reference();
        var searchRun = SearchRun(profile, options);
        var work = new QuantizationWork(0, 0, 0, 0);
        // Every evaluation of the study goes through here, so its chip-evaluations are counted (cached or computed).
        MonteCarloResult Measure(QuantizationSetting setting, MonteCarloRun run)
        {
            var (result, fromCache) = AccuracyCurves.EvaluateCached(trained, data,
                setting.ToCrossbarConfig(options.Hardware()), run, context, setting.Key, options.Energy, null);
            work = run == searchRun ? work with { Search = work.Search + result.Chips }
                : run == UnseenRun(profile, options) ? work with { Unseen = work.Unseen + result.Chips }
                : work with { Validation = work.Validation + result.Chips };
            if (!fromCache) work = work with { Computed = work.Computed + result.Chips };
            return result;
        }
        var evaluator = new SettingEvaluator(setting =>
        {
            double accuracy = Measure(setting, searchRun).Mean;
            progress?.Report(new QuantizationCandidate(setting, accuracy, costs.TotalPicojoules(setting)));
            return accuracy;
        });
        var objectives = new SearchObjectives(reference, evaluator, costs.TotalPicojoules,
            options.MaxDrop * options.SearchDropShare, options.Space);
        var search = options.Search == EvolutionarySearch.Name
            ? new EvolutionarySearch
            {
                Population = profile.Quantization.Population,
                Generations = profile.Quantization.Generations,
                Seed = options.SearchRandomSeed,
            }.Search(objectives)
            : new GreedyBitReduction(options.Rows).Search(objectives);

        HeldOutChoice? heldOut = null;
        if (ValidationRun(profile, options) is { } validation)
        {
            heldOut = HeldOutSelection.Choose(search,
                setting => Measure(setting, validation).Mean, options.MaxDrop * options.SearchDropShare);
            search = search with { Chosen = heldOut.Chosen };
        }

        // The baseline a designer would build without a per-layer search (F34a), checked like the search's choice.
        var uniforms = UniformBaseline.Candidates(objectives, search.AccuracyBound, options.Rows);
        var uniform = uniforms.FirstOrDefault(c => c.EnergyPicojoules < search.Reference.EnergyPicojoules)?.Setting
                      ?? reference;
        if (ValidationRun(profile, options) is { } check && heldOut is not null)
            uniform = UniformBaseline.HoldOut(uniforms, reference,
                setting => Measure(setting, check).Mean, costs.TotalPicojoules,
                heldOut.Bound, options.Rows, options.Space);
        // A per-layer choice that came out uniform is itself a uniform setting known to hold.
        var chosen = search.Chosen.Setting;
        if (chosen.Layers.Select(l => (l.WeightBits, l.BitsPerCell, l.AdcBits, l.InputBits)).Distinct().Count() == 1
            && costs.TotalPicojoules(chosen) < costs.TotalPicojoules(uniform))
            uniform = chosen;
        // The uniform baseline holds where the choice was checked (the validation chips, or the search's chips without
        // them) against the same bound; when it is cheaper than what the check kept, it is the choice.
        bool keptUniform = costs.TotalPicojoules(uniform) < costs.TotalPicojoules(search.Chosen.Setting);
        if (keptUniform) search = search with { Chosen = objectives.Evaluate(uniform) };

        var unseen = UnseenRun(profile, options);
        var referenceUnseen = Measure(search.Reference.Setting, unseen);
        var chosenUnseen = Measure(search.Chosen.Setting, unseen);
        var uniformUnseen = Measure(uniform, unseen);
        MonteCarloResult? fineTuned = options.FineTuneEpochs > 0
            ? FineTunedAccuracy(trained, data, search.Chosen.Setting, options, unseen, context)
            : null;
        return new QuantizationStudy(search, costs.Cost(search.Reference.Setting), costs.Cost(search.Chosen.Setting),
            referenceUnseen, chosenUnseen, fineTuned, heldOut, clock.Elapsed.TotalSeconds)
        {
            Uniform = new UniformChoice(uniform, costs.Cost(uniform), uniformUnseen),
            KeptUniform = keptUniform,
            Work = work,
        };
    }

    /// <summary>
    /// The chosen setting after quantization-aware fine-tuning (<see cref="QuantizationAwareFineTuning"/>), on the
    /// unseen chips. The fine-tuned model and its evaluations are cached in a cache folder of their own, keyed by the
    /// trained setup, the setting and the fine-tuning setup.
    /// </summary>
    public static MonteCarloResult FineTunedAccuracy(
        TrainedModel trained, DatasetSplits data, QuantizationSetting setting, QuantizationOptions options,
        MonteCarloRun run, ExperimentContext context)
    {
        var hardware = setting.ToCrossbarConfig(options.Hardware());
        var setup = QuantizationAwareFineTuning.SetupFor(trained.Header.Setup, hardware, options.FineTuneEpochs);
        var own = new ResultCache(Path.Combine(context.Cache.Root, "quantization-finetuned",
            ResultCache.KeyOf(new FineTuneCacheKey(trained.Header.Setup, setting.Key, setup))));
        string path = own.PathFor("models", setup, ".ckpt");
        nn.Module<Tensor, Tensor> model;
        CheckpointHeader header;
        if (File.Exists(path))
        {
            (header, model) = Checkpoint.Load(path, setup, context.Device);
        }
        else
        {
            (_, model) = Checkpoint.Load(trained.CheckpointPath,
                device: context.Device); // a copy: the trained model stays as it is
            QuantizationAwareFineTuning.FineTune(model, setup, data, path + ".partial", context.Device,
                cancellation: context.Cancellation);
            File.Move(path + ".partial", path, overwrite: true);
            header = Checkpoint.ReadHeader(path);
        }
        using var tuned = new TrainedModel(model, header, path, FromCache: true);
        return AccuracyCurves.Evaluate(tuned, data, hardware, run, context with { Cache = own },
            $"{setting.Key} fine-tuned",
            options.Energy);
    }
}
