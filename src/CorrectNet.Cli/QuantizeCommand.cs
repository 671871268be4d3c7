using System.CommandLine;
using CorrectNet.Data;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Quantization;
using CorrectNet.Training;

namespace CorrectNet.Cli;

/// <summary>correctnet quantize: the per-layer quantization setting of least ADC energy within δ of the reference
/// accuracy (docs/method.md F33–F34).</summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "Checkpoint written by `correctnet train`.",
            Required = true,
        };
        var sigma = new Option<double>("--sigma")
        {
            Description = "σ of the lognormal device variation g = g0·e^θ, θ ~ N(0, σ²).",
            DefaultValueFactory = _ => 0.5,
        }.Sigma();
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
            Description = "Search: greedy (bit reduction ordered by layer sensitivity) or evolutionary (NSGA-II " +
                "Pareto front).",
            DefaultValueFactory = _ => GreedyBitReduction.Name,
        };
        search.AcceptOnlyFromAmong([.. QuantizationOptions.SearchNames]);
        var profile = new Option<string?>("--profile")
        {
            Description = "Experiment profile (quick, default, paper) giving chips, test images and search sizes; " +
                "default $CORRECTNET_PROFILE, else default.",
        };
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
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of the search chips.",
            DefaultValueFactory = _ => 1,
        };
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
        var device = CommonOptions.Device();
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("quantize",
            "Searches the per-layer quantization setting (weight bits, bits per cell, ADC bits) of least total ADC " +
            "power whose Monte-Carlo accuracy stays within --max-drop of the reference (8-bit weights, 2 bits/cell, " +
            "lossless ADC).")
        {
            checkpoint, sigma, adcNoise, maxDrop, search, profile, chips, unseenChips, validationChips, maxTest, seed,
            unseenSeed, validationSeed, rows, fineTune, device, data, json,
        };
        command.SetAction(parse =>
        {
            var torchDevice = ComputeDevice.Parse(parse.GetValue(device)!);
            string path = parse.GetValue(checkpoint)!;
            var (header, model) = Checkpoint.Load(path, device: torchDevice);
            using var trained = new TrainedModel(model, header, Path.GetFullPath(path), FromCache: true);
            var baseProfile = ExperimentProfile.Resolve(parse.GetValue(profile));
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
            var setup = header.Setup;
            using var splits = DatasetRegistry.Load(setup.Dataset, setup.Data, parse.GetValue(data));
            model.eval();
            var options = new QuantizationOptions
            {
                Sigma = parse.GetValue(sigma),
                AdcNoiseLsb = parse.GetValue(adcNoise),
                MaxDrop = parse.GetValue(maxDrop),
                Search = parse.GetValue(search)!,
                Rows = parse.GetValue(rows),
                SearchSeed = parse.GetValue(seed),
                UnseenSeed = parse.GetValue(unseenSeed),
                ValidationSeed = parse.GetValue(validationSeed),
                FineTuneEpochs = parse.GetValue(fineTune),
            };
            bool asJson = parse.GetValue(json);
            int count = 0;
            var progress = new SynchronousProgress<QuantizationCandidate>(c =>
                ConsoleProgress.LinesFor(asJson).WriteLine($"[{++count}] {c.Setting.Key}: accuracy {c.Accuracy:P2}, " +
                    $"ADC {c.EnergyPicojoules / 1000:F3} nJ"));
            var study = QuantizationRecipes.Optimize(trained, splits, run,
                new ExperimentContext(ResultCache.Default, torchDevice), options, progress);

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
