using System.CommandLine;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Placement;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet place: where to put compensation units (docs/method.md F30–F32), by RL, greedy or exhaustive search.
/// With --json the placement and summary lines go to stderr, so stdout holds the JSON object alone.
/// </summary>
internal static class PlaceCommand
{
    /// <summary>
    /// --agent's word for "every search" (<see cref="PlacementSearchRegistry.Names"/>). It shares the spelling of the
    /// all-layers search, which --agent never offers alone, so the two cannot be confused.
    /// </summary>
    private const string EverySearch = "all";

    public static Command Create()
    {
        var agent = new Option<string>("--agent")
        {
            Description = $"{string.Join(", ", PlacementSearchRegistry.StandaloneNames)}, or {EverySearch} " +
                          $"(every search: {string.Join("; ", PlacementSearchRegistry.Searches.Select(Help))}).",
            DefaultValueFactory = _ => PlacementSearchNames.Rl,
        };
        var alpha = CommonOptions.Alpha("overhead = extra MAC share");
        var measure = new Option<string>("--overhead")
        {
            Description = "Overhead the reward counts: macs, params, or max (the larger share).",
            DefaultValueFactory = _ => "macs",
        };
        var preset = CommonOptions.Preset();
        var seed = CommonOptions.Seed(CommonOptions.EvaluationSeedDescription);
        var profile = CommonOptions.Profile("Experiment profile sizing steps, chips, episodes, test images (quick, " +
            "default, paper; default: $CORRECTNET_PROFILE or default).");
        var layers = new Option<string?>("--layers")
        {
            Description = "Instead of searching: train units on these layers (comma-separated, e.g. conv1,fc2,fc3) " +
                "and report the accuracy before and after on the chips of --seed.",
        };
        var cacheFolder = new Option<string?>("--cache")
        {
            Description = "Result cache folder (default: the kit's cache).",
        };
        var checkpoint = new CheckpointOptions(sigmaDescription: "σ of the lognormal device variation.", preset: preset,
            profile: profile);
        var command = checkpoint.AddTo(new Command("place",
                "Choose compensation-unit locations: train units briefly per placement, reward Monte-Carlo accuracy " +
                "on unseen chips minus α·overhead."),
            agent, alpha, measure, preset, seed, profile, layers, cacheFolder);
        command.SetAction(parse =>
        {
            using var run = checkpoint.Load(parse);
            var overhead = parse.GetValue(measure)!.Trim().ToLowerInvariant() switch
            {
                "macs" => OverheadMeasure.Macs,
                "params" or "parameters" => OverheadMeasure.Parameters,
                "max" => OverheadMeasure.Max,
                var other => throw new ArgumentException(
                    $"Unknown overhead measure '{other}'; known: macs, params, max."),
            };
            string? folder = parse.GetValue(cacheFolder);
            var cache = folder is null ? ResultCache.Default : new ResultCache(folder);
            bool asJson = run.AsJson;
            if (parse.GetValue(layers) is { } given)
                return CompensateGiven(run, given, parse.GetValue(seed), cache);

            string chosen = parse.GetValue(agent)!.Trim().ToLowerInvariant();
            var agents = PlacementSearchRegistry.StandaloneNames;
            IReadOnlyList<string> methods = chosen == EverySearch
                // exhaustive only where it is affordable when every search is asked
                ? PlacementSearchRegistry.Affordable(
                    PlacementSearchRegistry.Names, AnalogLayers(run).Count)
                : agents.Contains(chosen) ? [chosen]
                : throw new ArgumentException(
                    $"Unknown agent '{chosen}'; known: {string.Join(", ", agents.Append(EverySearch))}.");
            var lines = ConsoleProgress.LinesFor(asJson); // stderr under --json: stdout holds the JSON alone
            var progress = new SynchronousProgress<PlacementEvaluation>(e =>
                lines.WriteLine($"placement [{e.Placement.Key}]: accuracy {e.Outcome.Accuracy:P2}, " +
                                $"{e.Outcome.Seconds:F1} s"));

            var report = CompensationRecipes.Place(run.Trained, run.Splits, run.Config, run.Experiment, methods,
                new ExperimentContext(cache, run.Device), parse.GetValue(alpha), overhead, parse.GetValue(seed),
                progress);

            var main = chosen == EverySearch
                ? report.Searches.OrderByDescending(s => s.Best.Reward).First()
                : report.Searches[0];
            var best = main.Best; // the highest reward the search saw (RL: over all its episodes)
            foreach (var search in report.Searches)
                lines.WriteLine($"{search.Method,-10} best " +
                                $"[{string.Join(", ", report.LayersOf(search.Best.Placement))}]: " +
                                $"accuracy {search.Best.Outcome.Accuracy:P2}, reward {search.Best.Reward:F4}, " +
                                $"MACs +{100 * search.Best.Outcome.MacsShare:F2}%, " +
                                $"params +{100 * search.Best.Outcome.ParametersShare:F2}%; " +
                                $"{search.Distinct} distinct placements asked " +
                                $"({search.DistinctUntilBest} until its best), {search.NewEvaluations} trained for it");
            if (asJson)
            {
                Console.WriteLine(JsonFormat.Serialize(new
                {
                    method = main.Method,
                    layers = report.LayersOf(best.Placement),
                    widths = best.Placement.Widths,
                    mean_accuracy = best.Outcome.Accuracy,
                    clean_accuracy = report.CleanAccuracy,
                    accuracy_ratio = report.CleanAccuracy > 0 ? best.Outcome.Accuracy / report.CleanAccuracy : 0,
                    reward = best.Reward,
                    overhead_params_pct = 100 * best.Outcome.ParametersShare,
                    overhead_macs_pct = 100 * best.Outcome.MacsShare,
                    evaluations = report.Evaluations,
                    trained_placements = report.TrainedPlacements,
                    alpha = report.Alpha,
                    overhead_measure = report.Measure.ToString(),
                    sigma = run.Sigma,
                    preset = parse.GetValue(preset),
                    profile = run.Experiment.Name,
                    sensitivities = report.Sites.ToDictionary(s => s.Name, s => s.Sensitivity),
                    searches = report.Searches.Select(s => new
                    {
                        method = s.Method,
                        layers = report.LayersOf(s.Best.Placement),
                        mean_accuracy = s.Best.Outcome.Accuracy,
                        reward = s.Best.Reward,
                        new_evaluations = s.NewEvaluations,
                        distinct_placements = s.Distinct,
                        distinct_until_best = s.DistinctUntilBest,
                        requests = s.Visited.Count,
                        overhead_params_pct = 100 * s.Best.Outcome.ParametersShare,
                        overhead_macs_pct = 100 * s.Best.Outcome.MacsShare,
                        widths = s.Best.Placement.Widths,
                        policy_layers = s.PolicyPlacement is { } policyPlacement
                            ? report.LayersOf(policyPlacement)
                            : null,
                    }),
                    seconds = run.Seconds,
                    library_version = CorrectNetInfo.Version,
                }));
            }
            return 0;
        });
        return command;
    }

    /// <summary>--layers: one given placement, its units trained on chips of seed + 1000003, evaluated before and after
    /// on chips of seed.</summary>
    private static int CompensateGiven(CheckpointRun run, string given, long seed, ResultCache cache)
    {
        var names = given.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var analog = AnalogLayers(run);
        var unknown = names.Where(n => !analog.Contains(n)).ToList();
        if (names.Length == 0 || unknown.Count > 0)
            throw new ArgumentException($"--layers '{given}': " +
                $"{(names.Length == 0 ? "no layer named" : $"unknown layer(s) {string.Join(", ", unknown)}")}; " +
                $"analog layers: {string.Join(", ", analog)}.");
        var outcome = CompensationRecipes.Compensate(run.Trained, run.Splits, run.Config, names, run.Experiment,
            new ExperimentContext(cache, run.Device), seed);
        ConsoleProgress.LinesFor(run.AsJson).WriteLine(
            $"units on {string.Join("+", names)}: {outcome.Before.Mean:P2} → {outcome.After.Mean:P2} " +
            $"on {outcome.After.Chips} chips of seed {seed} " +
            $"(clean {outcome.Before.CleanAccuracy:P2}); +{outcome.Cost.ParametersPercent:F2}% parameters, " +
            $"+{outcome.Cost.MacsPercent:F2}% MACs");
        if (run.AsJson)
            Console.WriteLine(JsonFormat.Serialize(new
            {
                layers = names,
                seed,
                chips = outcome.After.Chips,
                before_accuracy = outcome.Before.Mean,
                after_accuracy = outcome.After.Mean,
                after_ci95 = new[] { outcome.After.Ci95.Low, outcome.After.Ci95.High },
                clean_accuracy = outcome.Before.CleanAccuracy,
                overhead_params_pct = outcome.Cost.ParametersPercent,
                overhead_macs_pct = outcome.Cost.MacsPercent,
                seconds = run.Seconds,
                library_version = CorrectNetInfo.Version,
            }));
        return 0;
    }

    /// <summary>A search as --agent's help lists it: name, what it does, and any limit on 2^L.</summary>
    private static string Help(PlacementSearch search) =>
        $"{search.Name} = {search.Description}" +
        (search.NeedsEveryPlacement ? $", when 2^L ≤ {PlacementSearches.MaxExhaustivePlacements}" : "");

    private static List<string> AnalogLayers(CheckpointRun run) =>
        [.. Models.LayerProfiler.Profile(run.Trained.Model, run.Splits.Test.Images.shape[1..])
            .Where(p => !run.Config.IsDigital(p.Name))
            .Select(p => p.Name)];
}
