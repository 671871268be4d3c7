using System.CommandLine;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Quantization;

namespace CorrectNet.Cli;

/// <summary>correctnet quantize: the per-layer quantization setting of least ADC energy within δ of the reference
/// accuracy (docs/method.md F33–F34).</summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var adcNoise = new Option<double>("--adc-noise")
        {
            Description = "Gaussian ADC noise in LSB, fresh for every conversion.",
            DefaultValueFactory = _ => 0,
        }.NonNegative();
        var maxDrop = new Option<double>("--max-drop")
        {
            Description = "δ: allowed loss of Monte-Carlo accuracy against the reference, as a fraction (0.01 = one " +
                "point).",
            DefaultValueFactory = _ => 0.01,
        }.Within(0, 1);
        var search = new Option<string>("--search")
        {
            Description = "Search: greedy (the cheapest uniform setting, then fewer ADC bits layer by layer, least " +
                "sensitive first) or evolutionary (NSGA-II Pareto front).",
            DefaultValueFactory = _ => GreedyBitReduction.Name,
        };
        search.AcceptOnlyFromAmong([.. QuantizationOptions.SearchNames]);
        var profile = CommonOptions.Profile("Experiment profile (quick, default, paper) giving chips, test images " +
            "and search sizes; default $CORRECTNET_PROFILE, else default.");
        var chips = new Option<int?>("--chips")
        {
            Description = "Chips of the search's fixed evaluation set (overrides the profile).",
        }.AtLeast(1);
        var unseenChips = new Option<int?>("--unseen-chips")
        {
            Description = "Chips of the disjoint seed the result is reported on (overrides the profile).",
        }.AtLeast(1);
        var validationChips = new Option<int?>("--validation-chips")
        {
            Description = "Chips of a third seed that re-check the search's choice before it is reported; 0 = no " +
                "check (overrides the profile).",
        }.AtLeast(0);
        var maxTest = new Option<int?>("--max-test")
        {
            Description = "Test images per evaluation: the first N (overrides the profile).",
        }.AtLeast(1);
        var seed = CommonOptions.Seed("Seed of the search chips.");
        var unseenSeed = new Option<long>("--unseen-seed")
        {
            Description = "Seed of the unseen chips (must differ from --seed).",
            DefaultValueFactory = _ => 2,
        };
        var validationSeed = new Option<long>("--validation-seed")
        {
            Description = "Seed of the validation chips (must differ from --seed and --unseen-seed).",
            DefaultValueFactory = _ => 3,
        };
        var rows = new Option<int>("--rows")
        {
            Description = "Crossbar rows R per tile.",
            DefaultValueFactory = _ => 128,
        }.AtLeast(1);
        var fineTune = new Option<int>("--fine-tune-epochs")
        {
            Description = "Quantization-aware fine-tuning epochs of the chosen setting (0 = none).",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0);
        var checkpoint = new CheckpointOptions(profile: profile);
        var command = checkpoint.AddTo(new Command("quantize",
                "Searches the per-layer quantization setting (weight bits, bits per cell, ADC bits) of least total " +
                "ADC power whose Monte-Carlo accuracy stays within --max-drop of the reference (8-bit weights, 2 " +
                "bits/cell, lossless ADC)."),
            adcNoise, maxDrop, search, profile, chips, unseenChips, validationChips, maxTest, seed, unseenSeed,
            validationSeed, rows, fineTune);
        command.SetAction(parse =>
        {
            using var loaded = checkpoint.Load(parse);
            var baseProfile = loaded.Experiment;
            var run = baseProfile with
            {
                Quantization = baseProfile.Quantization with
                {
                    Chips = parse.GetValue(chips) ?? baseProfile.Quantization.Chips,
                    UnseenChips = parse.GetValue(unseenChips) ?? baseProfile.Quantization.UnseenChips,
                    ValidationChips = parse.GetValue(validationChips) ?? baseProfile.Quantization.ValidationChips,
                    MaxTest = parse.GetValue(maxTest) ?? baseProfile.Quantization.MaxTest,
                },
            };
            loaded.Trained.Model.eval();
            var options = new QuantizationOptions
            {
                Sigma = loaded.Sigma,
                AdcNoiseLsb = parse.GetValue(adcNoise),
                MaxDrop = parse.GetValue(maxDrop),
                Search = parse.GetValue(search)!,
                Rows = parse.GetValue(rows),
                SearchSeed = parse.GetValue(seed),
                UnseenSeed = parse.GetValue(unseenSeed),
                ValidationSeed = parse.GetValue(validationSeed),
                FineTuneEpochs = parse.GetValue(fineTune),
            };
            bool asJson = loaded.AsJson;
            int count = 0;
            var progress = new SynchronousProgress<QuantizationCandidate>(c =>
                ConsoleProgress.LinesFor(asJson).WriteLine($"[{++count}] {c.Setting.Key}: accuracy {c.Accuracy:P2}, " +
                    $"ADC {c.EnergyPicojoules / 1000:F3} nJ"));
            var study = QuantizationRecipes.Optimize(loaded.Trained, loaded.Splits, run,
                new ExperimentContext(ResultCache.Default, loaded.Device), options, progress);

            var result = study.Search;
            if (asJson)
            {
                Console.WriteLine(JsonFormat.Serialize(new
                {
                    search = result.Method,
                    setting = result.Chosen.Setting.Layers.Select(l => new
                    {
                        layer = l.Layer,
                        weight_bits = l.WeightBits,
                        bits_per_cell = l.BitsPerCell,
                        slices = l.Slices,
                        adc_bits = l.AdcBits,
                        input_bits = l.InputBits,
                    }),
                    setting_key = result.Chosen.Setting.Key,
                    reference_key = result.Reference.Setting.Key,
                    adc_power_reduction_pct = study.AdcPowerReductionPct,
                    mean_accuracy = study.ChosenUnseen.Mean,
                    reference_accuracy = study.ReferenceUnseen.Mean,
                    fine_tuned_accuracy = study.FineTunedUnseen?.Mean,
                    search_accuracy = result.Chosen.Accuracy,
                    search_reference_accuracy = result.Reference.Accuracy,
                    accuracy_bound = result.AccuracyBound,
                    held_out_accuracy = study.HeldOut?.ChosenAccuracy,
                    held_out_reference_accuracy = study.HeldOut?.ReferenceAccuracy,
                    held_out_retreated = study.HeldOut?.Retreated,
                    held_out_checked = study.HeldOut?.Checked.Select(c => new
                    {
                        setting_key = c.Candidate.Setting.Key,
                        accuracy = c.Accuracy,
                        search_accuracy = c.Candidate.Accuracy,
                        adc_energy_pj = c.Candidate.EnergyPicojoules,
                    }),
                    search_choice_key = study.HeldOut?.SearchChoice.Setting.Key,
                    adc_energy_pj = study.ChosenCost.TotalPicojoules,
                    reference_adc_energy_pj = study.ReferenceCost.TotalPicojoules,
                    adc_power_mw = study.ChosenCost.PowerMilliwatts,
                    reference_adc_power_mw = study.ReferenceCost.PowerMilliwatts,
                    inferences_per_second = study.ChosenCost.InferencesPerSecond,
                    front = result.Front.Select(c => new
                    {
                        setting_key = c.Setting.Key,
                        accuracy = c.Accuracy,
                        adc_energy_pj = c.EnergyPicojoules,
                    }),
                    evaluations = result.Evaluations,
                    search_chips = run.Quantization.Chips,
                    unseen_chips = study.ChosenUnseen.Chips,
                    seed = options.SearchSeed,
                    unseen_seed = options.UnseenSeed,
                    validation_chips = run.Quantization.ValidationChips,
                    validation_seed = options.ValidationSeed,
                    sigma = options.Sigma,
                    adc_noise_lsb = options.AdcNoiseLsb,
                    max_drop = options.MaxDrop,
                    seconds = study.Seconds,
                    library_version = CorrectNetInfo.Version,
                }));
            }
            else
            {
                Console.WriteLine($"reference {result.Reference.Setting.Key}: " +
                                  $"{study.ReferenceCost.TotalPicojoules / 1000:F3} nJ per inference, " +
                                  $"accuracy {study.ReferenceUnseen.Mean:P2} on {study.ReferenceUnseen.Chips} unseen " +
                                  "chips");
                Console.WriteLine($"chosen    {result.Chosen.Setting.Key}: " +
                                  $"{study.ChosenCost.TotalPicojoules / 1000:F3} nJ per inference " +
                                  $"({study.AdcPowerReductionPct:F1}% less ADC power), accuracy " +
                                  $"{study.ChosenUnseen.Mean:P2} on unseen chips" +
                                  (study.FineTunedUnseen is { } tuned ? $", {tuned.Mean:P2} after fine-tuning" : ""));
                if (study.HeldOut is { } held)
                {
                    Console.WriteLine($"validation chips: kept {held.ChosenAccuracy:P2} vs reference " +
                                      $"{held.ReferenceAccuracy:P2} (bound {held.Bound:P2})" +
                                      (held.Retreated
                                          ? $"; the search's own choice {held.SearchChoice.Setting.Key} " +
                                            "did not hold there"
                                          : ""));
                    foreach (var (candidate, accuracy) in held.Checked)
                        Console.WriteLine($"  checked {candidate.Setting.Key}: {accuracy:P2} on validation chips, " +
                            $"{candidate.Accuracy:P2} on search chips, {candidate.EnergyPicojoules / 1000:F3} nJ");
                }
                Console.WriteLine($"{result.Evaluations} settings evaluated, Pareto front of {result.Front.Count}, " +
                    $"{study.Seconds:F1} s");
            }
            return 0;
        });
        return command;
    }
}
