using System.CommandLine;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Placement;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet sharing: checks weight-sharing placement scores (docs/method.md F38) against per-placement training on
/// every binary placement (LeNet-5: 2^5 = 32) on the same chips, and races the placements on paired chips (F39).
/// Prints a table; with --json the table goes to stderr and stdout holds one JSON object.
/// </summary>
internal static class SharingCommand
{
    public static Command Create()
    {
        var preset = CommonOptions.Preset();
        var alpha = CommonOptions.Alpha();
        var seed = CommonOptions.Seed(CommonOptions.EvaluationSeedDescription);
        var profile = CommonOptions.Profile("Profile giving the per-placement budget: steps, chips, test images " +
            "(default: $CORRECTNET_PROFILE or default).");
        var steps = new Option<int?>("--steps")
        {
            Description = "Per-placement training steps instead of the profile's.",
        }.AtLeast(1);
        var sharedSteps = new Option<int?>("--shared-steps")
        {
            Description = "Steps of the one shared training (default: 2 × the per-placement steps, so each unit, " +
                          "on half the steps, gets about as many updates as in a per-placement training).",
        }.AtLeast(1);
        var chips = new Option<int?>("--chips")
        {
            Description = "Evaluation chips instead of the profile's.",
        }.AtLeast(2);
        var maxTest = new Option<int?>("--max-test")
        {
            Description = "Test images instead of the profile's.",
        }.AtLeast(1);
        var minChips = new Option<int>("--race-min-chips")
        {
            Description = "Chips every placement sees before the race may drop it.",
            DefaultValueFactory = _ => new PairedRaceConfig().MinChips,
        }.AtLeast(2);
        var checkpoint = new CheckpointOptions(
            checkpointDescription: "Checkpoint written by `correctnet train` (e.g. --model lenet5).",
            sigmaDescription: "σ of the device variation (default 0.8: notebook 04's σ for LeNet-5).", sigma: 0.8,
            preset: preset, profile: profile);
        var command = checkpoint.AddTo(new Command("sharing",
                "Validate weight-sharing placement scores against per-placement training on every placement " +
                "(Spearman ρ, optimum, wall clock) and race the placements on paired chips."),
            preset, alpha, seed, profile, steps, sharedSteps, chips, maxTest, minChips);
        command.SetAction(parse =>
        {
            using var run = checkpoint.Load(parse);
            var (splits, config, experiment, torchDevice) = (run.Splits, run.Config, run.Experiment, run.Device);
            long evaluationSeed = parse.GetValue(seed);
            var training = CompensationRecipes.TrainingFor(experiment, evaluationSeed);
            training = training with { Steps = parse.GetValue(steps) ?? training.Steps };
            var shared = training with { Steps = parse.GetValue(sharedSteps) ?? 2 * training.Steps };
            int chipCount = parse.GetValue(chips) ?? experiment.Placement.Chips;
            int testCount = (int)Math.Min(
                parse.GetValue(maxTest) ?? experiment.Placement.MaxTest ?? splits.Test.Count, splits.Test.Count);
            var race = new PairedRaceConfig
            {
                Chips = chipCount,
                MinChips = Math.Min(parse.GetValue(minChips), chipCount),
            };
            bool asJson = run.AsJson;
            var lines = ConsoleProgress.LinesFor(asJson);

            using var test = splits.Test.Take(testCount);
            using var calibration = config.NeedsCalibration()
                ? AccuracyCurves.CalibrationImages(splits, experiment.MonteCarlo.CalibrationImages, torchDevice)
                : null;
            var sites = CompensationRecipes.Sensitivities(run.Trained, splits, config, experiment,
                new ExperimentContext(ResultCache.Default, torchDevice), evaluationSeed);
            var layers = sites.Select(s => s.Name).ToList();
            lines.WriteLine($"{run.Header.Setup.Model.Name}, σ = {run.Sigma} ({parse.GetValue(preset)}), α = " +
                            $"{parse.GetValue(alpha)}, overhead = max share: {layers.Count} layers, " +
                            $"{1 << layers.Count} placements; per placement {training.Steps} steps, shared " +
                            $"{shared.Steps} steps; {chipCount} chips of seed {evaluationSeed} × {testCount} images");

            void Report((string Evaluator, UnitPlacement Placement, PlacementOutcome Outcome) e) =>
                lines.WriteLine($"{e.Evaluator} [{e.Placement.Key}]: accuracy {e.Outcome.Accuracy:P2}, " +
                                $"{e.Outcome.Seconds:F1} s");
            var progress = new SynchronousProgress<(string, UnitPlacement, PlacementOutcome)>(Report);
            var result = WeightSharingValidation.Run(run.Trained.Model, config, sites, splits.Train, test, training,
                shared, race, parse.GetValue(alpha), evaluationSeed, calibration, torchDevice, progress);
            Print(lines, result, layers);
            if (asJson)
                Console.WriteLine(JsonFormat.Serialize(Json(result, layers, run.Header.Setup.Model.Name,
                    run.Sigma, parse.GetValue(preset)!, experiment.Name, training.Steps, shared.Steps)));
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<string> LayersOf(UnitPlacement placement, IReadOnlyList<string> layers) =>
        [.. layers.Where((_, l) => placement.Has(l))];

    private static string Name(UnitPlacement placement, IReadOnlyList<string> layers) =>
        placement.Units == 0 ? "(none)" : string.Join("+", LayersOf(placement, layers));

    private static void Print(TextWriter lines, WeightSharingValidationResult result, IReadOnlyList<string> layers)
    {
        var c = result.Comparison;
        var perRank = RankCorrelation.Ranks([.. c.PerPlacement.Select(e => -e.Reward)]);
        var sharedRank = RankCorrelation.Ranks([.. c.Shared.Select(e => -e.Reward)]);
        lines.WriteLine();
        lines.WriteLine($"{"placement",-28} {"per-placement",14} {"reward",8} {"rank",5}   {"shared",8} " +
                        $"{"reward",8} {"rank",5}   {"race chips",10}");
        for (int i = 0; i < c.PerPlacement.Count; i++)
        {
            var per = c.PerPlacement[i];
            var shared = c.Shared[i];
            lines.WriteLine($"{Name(per.Placement, layers),-28} {per.Outcome.Accuracy,14:P2} {per.Reward,8:F4} " +
                            $"{perRank[i],5:0.#}   {shared.Outcome.Accuracy,8:P2} {shared.Reward,8:F4} " +
                            $"{sharedRank[i],5:0.#}   {result.Race.Entries[i].Scores.Count,10}");
        }
        lines.WriteLine();
        lines.WriteLine($"Spearman ρ: rewards {c.RewardSpearman:F3}, accuracies {c.AccuracySpearman:F3}");
        lines.WriteLine($"optimum (per-placement): {Name(c.Optimum.Placement, layers)}, " +
                        $"reward {c.Optimum.Reward:F4}, " +
                        $"accuracy {c.Optimum.Outcome.Accuracy:P2}");
        lines.WriteLine($"shared choice, retrained: {Name(c.Choice.Placement, layers)}, reward " +
                        $"{c.Choice.Reward:F4}, accuracy {c.Choice.Outcome.Accuracy:P2}; " +
                        (c.SameOptimum ? "the same optimum" : $"{100 * c.ChoiceRewardGap:F2} reward points below"));
        lines.WriteLine($"race winner: {Name(result.Race.Winner.Candidate, layers)} (mean reward " +
                        $"{result.Race.Winner.Mean:F4} on {result.Race.Winner.Scores.Count} chips); " +
                        $"{result.Race.Evaluations} of {result.Race.FullBudget} placement-chip evaluations");
        lines.WriteLine($"wall clock: per-placement {result.PerPlacementSeconds:F0} s; shared training " +
                        $"{result.SharedTrainingSeconds:F0} s + scoring {result.SharedScoringSeconds:F0} s + " +
                        $"retraining the choice {result.RetrainSeconds:F0} s = {result.SharedSeconds:F0} s " +
                        $"({result.Speedup:F1}×); with racing instead of scoring ({result.RaceSeconds:F0} s): " +
                        $"{result.SharedRaceSeconds:F0} s ({result.RaceSpeedup:F1}×)");
    }

    private static object Json(WeightSharingValidationResult result, IReadOnlyList<string> layers, string model,
        double sigma, string preset, string profile, int steps, int sharedSteps)
    {
        var c = result.Comparison;
        return new
        {
            model,
            sigma,
            preset,
            profile,
            steps,
            shared_steps = sharedSteps,
            chips = result.Race.Chips,
            reward_spearman = c.RewardSpearman,
            accuracy_spearman = c.AccuracySpearman,
            optimum = LayersOf(c.Optimum.Placement, layers),
            optimum_reward = c.Optimum.Reward,
            shared_choice = LayersOf(c.Choice.Placement, layers),
            shared_choice_retrained_reward = c.Choice.Reward,
            same_optimum = c.SameOptimum,
            reward_gap_points = 100 * c.ChoiceRewardGap,
            accuracy_gap_points = 100 * c.ChoiceAccuracyGap,
            race_winner = LayersOf(result.Race.Winner.Candidate, layers),
            race_evaluations = result.Race.Evaluations,
            race_full_budget = result.Race.FullBudget,
            per_placement_seconds = result.PerPlacementSeconds,
            shared_training_seconds = result.SharedTrainingSeconds,
            shared_scoring_seconds = result.SharedScoringSeconds,
            race_seconds = result.RaceSeconds,
            retrain_seconds = result.RetrainSeconds,
            speedup = result.Speedup,
            race_speedup = result.RaceSpeedup,
            placements = c.PerPlacement.Select((per, i) => new
            {
                layers = LayersOf(per.Placement, layers),
                per_placement_accuracy = per.Outcome.Accuracy,
                per_placement_reward = per.Reward,
                shared_accuracy = c.Shared[i].Outcome.Accuracy,
                shared_reward = c.Shared[i].Reward,
                race_chips = result.Race.Entries[i].Scores.Count,
            }),
            library_version = CorrectNetInfo.Version,
        };
    }
}
