using System.CommandLine;
using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Models;

namespace CorrectNet.Cli;

/// <summary>correctnet evaluate: Monte-Carlo accuracy of a trained checkpoint on sampled crossbar chips.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var chips = new Option<int>("--chips")
        {
            Description = "Monte-Carlo chips to sample.",
            DefaultValueFactory = _ => 100,
        }.AtLeast(1);
        var firstChip = new Option<long>("--first-chip")
        {
            Description = "Index of the first chip (chips first … first+chips−1; shards use disjoint ranges).",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0L);
        var preset = CommonOptions.Preset(" (lognormal = the paper's float model; rram = 8-bit weights, 2 bits/cell, " +
            "128 rows, 8-bit inputs and ADC)");
        var seed = CommonOptions.Seed("Seed of the chips (chip k of seed s is the same everywhere).");
        var adcNoise = new Option<double>("--adc-noise")
        {
            Description = "Gaussian ADC noise in LSB (presets with an ADC only).",
            DefaultValueFactory = _ => 0,
        }.NonNegative();
        var maxTest = new Option<int?>("--max-test") { Description = "Use only the first N test images." }.AtLeast(1);
        var calibration = new Option<int>("--calibration-images")
        {
            Description = "Training images that calibrate DAC and ADC ranges.",
            DefaultValueFactory = _ => 256,
        }.AtLeast(1);
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Images per forward pass.",
            DefaultValueFactory = _ => 500,
        }.AtLeast(1);
        var checkpoint = new CheckpointOptions(preset: preset, maxTest: maxTest);
        var command = checkpoint.AddTo(new Command("evaluate",
                "Monte-Carlo accuracy of a checkpoint on simulated RRAM crossbar chips (mean, std, 95% CI, ADC " +
                "energy)."),
            chips, firstChip, preset, seed, adcNoise, maxTest, calibration, batchSize);
        command.SetAction(parse =>
        {
            using var run = checkpoint.Load(parse);
            var (model, splits, torchDevice) = (run.Trained.Model, run.Splits, run.Device);
            var config = run.Config;
            if (parse.GetValue(adcNoise) is > 0 and var noise)
            {
                // A preset without an ADC would ignore the noise and report noise-free numbers as noisy ones.
                if (config.Hardware.AdcBits is null)
                    throw new ArgumentException($"--adc-noise {noise}: preset '{parse.GetValue(preset)}' has no ADC; " +
                                                "use a preset with one (e.g. --preset rram).");
                config = config with { Hardware = config.Hardware with { AdcNoiseLsb = noise } };
            }
            model.eval();

            var inputShape = splits.Test.Images.shape[1..];
            int calibrationCount = (int)Math.Min(parse.GetValue(calibration), splits.Train.Count);
            using var calibrationImages = splits.Train.Images.narrow(0, 0, calibrationCount).to(torchDevice);
            // before the twin: a plain pass, not a crossbar one
            var profiles = LayerProfiler.Profile(model, inputShape);
            using var analog = AnalogConversion.ToAnalog(model, config, inputShape, calibrationImages);
            double? energy = new AdcEnergyModel().TotalPicojoules(analog, profiles);
            bool asJson = run.AsJson;
            int count = parse.GetValue(chips);
            var result = ConsoleProgress.RunMonteCarlo(asJson, count, progress => MonteCarloEvaluator.Evaluate(
                analog, splits.Test, count, parse.GetValue(seed), parse.GetValue(firstChip),
                label: parse.GetValue(preset)!, adcEnergyPicojoules: energy, device: torchDevice,
                batchSize: parse.GetValue(batchSize), progress: progress));

            var (low, high) = result.Ci95;
            if (asJson)
            {
                Console.WriteLine(JsonFormat.Serialize(new
                {
                    clean_accuracy = result.CleanAccuracy,
                    mean_accuracy = result.Mean,
                    std_accuracy = result.Std,
                    ci95_low = low,
                    ci95_high = high,
                    p5_accuracy = result.P5,
                    median_accuracy = result.Median,
                    p95_accuracy = result.P95,
                    chips = result.Chips,
                    first_chip = result.FirstChip,
                    seed = result.Seed,
                    sigma = run.Sigma,
                    preset = parse.GetValue(preset),
                    adc_noise_lsb = config.Hardware.AdcNoiseLsb,
                    test_images = splits.Test.Count,
                    calibration_images = calibrationCount,
                    dataset = run.Header.Setup.Dataset,
                    checkpoint = run.Trained.CheckpointPath,
                    adc_energy_pj = result.AdcEnergyPicojoules,
                    seconds = run.Seconds,
                    library_version = CorrectNetInfo.Version,
                }));
            }
            else
            {
                Console.WriteLine($"clean {result.CleanAccuracy:P2}; on {result.Chips} chips at σ = " +
                                  $"{run.Sigma}: " +
                                  $"mean {result.Mean:P2} ± {result.Std:P2} (95% CI {low:P2} – {high:P2}), " +
                                  $"5th–95th percentile {result.P5:P2} – {result.P95:P2}" +
                                  (energy is { } e ? $"; ADC energy {e / 1000:F3} nJ per inference" : ""));
            }
            return 0;
        });
        return command;
    }
}
