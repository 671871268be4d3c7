using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;

namespace CorrectNet.Cli;

/// <summary>correctnet train: one model on one data set; resumable; --json for scripts.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = $"Architecture: {string.Join(", ", ModelZoo.Names)}.",
            DefaultValueFactory = _ => "lenet5",
        };
        var dataset = new Option<string>("--dataset")
        {
            Description = $"Data set: {string.Join(", ", DatasetRegistry.Names)}.",
            DefaultValueFactory = _ => "fashion-mnist",
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Training epochs.",
            DefaultValueFactory = _ => 10,
        }.AtLeast(1);
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of weight initialization and shuffling.",
            DefaultValueFactory = _ => 1,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Checkpoint to write (default runs/<model>-<dataset>-s<seed>.ckpt). Rewritten after every " +
                "epoch; rerunning the same command resumes an interrupted run.",
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Mini-batch size.",
            DefaultValueFactory = _ => 128,
        }.AtLeast(1);
        var optimizer = new Option<OptimizerKind>("--optimizer")
        {
            Description = "sgd (momentum) or adam.",
            DefaultValueFactory = _ => OptimizerKind.Sgd,
        };
        var learningRate = new Option<double>("--lr")
        {
            Description = "Initial learning rate.",
            DefaultValueFactory = _ => 0.05,
        }.Positive();
        var momentum = new Option<double>("--momentum")
        {
            Description = "SGD momentum.",
            DefaultValueFactory = _ => 0.9,
        }.Within(0, 1, openAbove: true);
        var weightDecay = new Option<double>("--weight-decay")
        {
            Description = "L2 weight decay.",
            DefaultValueFactory = _ => 5e-4,
        }.NonNegative();
        var schedule = new Option<ScheduleKind>("--schedule")
        {
            Description = "Learning-rate schedule: constant, cosine or step.",
            DefaultValueFactory = _ => ScheduleKind.Cosine,
        };
        var width = new Option<double>("--width")
        {
            Description = "Channel width multiplier (VGG, ResNet, MLP).",
            DefaultValueFactory = _ => 1.0,
        }.Positive();
        var noBatchNorm = new Option<bool>("--no-batch-norm") { Description = "Build VGG/ResNet without BatchNorm." };
        var maxTrain = new Option<int?>("--max-train")
        {
            Description = "Use only the first N training images.",
        }.AtLeast(1);
        var maxTest = new Option<int?>("--max-test") { Description = "Use only the first N test images." }.AtLeast(1);
        var lipschitz = new Option<LipschitzKind>("--lipschitz")
        {
            Description = "Lipschitz regularizer: none, parseval (λ = 1) or enhanced (λ(σ) for --train-sigma).",
            DefaultValueFactory = _ => LipschitzKind.None,
        };
        var beta = new Option<double?>("--beta")
        {
            Description = "Weight β of the Lipschitz penalty in the loss. Default: the default profile's β for the " +
                $"model (ExperimentProfile.Training.SuppressionBetaFor: {DefaultBetas()}), chosen from notebook " +
                "02's measurements (docs/method.md F23).",
        }.NonNegative();
        var trainSigma = new Option<double>("--train-sigma")
        {
            Description = "σ of the device variation the enhanced regularizer (and --variation-aware) targets.",
            DefaultValueFactory = _ => 0.5,
        }.Sigma();
        var batchNormPenalty = new Option<BatchNormInPenalty>("--batch-norm-penalty")
        {
            Description = "What the Lipschitz penalty sees of a layer followed by BatchNorm: raw (the weight alone; " +
                "BatchNorm's scale is free) or folded (γ/√var scales the weight's rows, which diverged on VGG-16). " +
                "See docs/method.md F25, F25b.",
            DefaultValueFactory = _ => BatchNormInPenalty.Raw,
        };
        var variationAware = new Option<bool>("--variation-aware")
        {
            Description = "Train on a fresh sampled chip every mini-batch (lognormal float model at --train-sigma, " +
                "or --preset's hardware).",
        };
        var preset = new Option<string>("--preset")
        {
            Description = "Hardware of --variation-aware training: lognormal (float model) or rram (8-bit weights, 2 " +
                "bits/cell, 128 rows, 8-bit inputs and ADC).",
            DefaultValueFactory = _ => "lognormal",
        };
        var restart = new Option<bool>("--restart")
        {
            Description = "Discard an existing checkpoint at --out instead of resuming it.",
        };
        var device = CommonOptions.Device();
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();

        var command = new Command("train",
            "Train a model from the zoo and write a checkpoint (model, setup, library version, weights, history).")
        {
            model, dataset, epochs, seed, output, batchSize, optimizer, learningRate, momentum, weightDecay, schedule,
            width, noBatchNorm, maxTrain, maxTest, lipschitz, beta, trainSigma, batchNormPenalty, variationAware,
            preset, restart, device, data, json,
        };
        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            var torchDevice = ComputeDevice.Parse(parse.GetValue(device)!);
            string modelName = parse.GetValue(model)!, datasetName = parse.GetValue(dataset)!;
            string path = parse.GetValue(output)
                ?? Path.Combine("runs", $"{modelName}-{datasetName}-s{parse.GetValue(seed)}.ckpt");
            OutputCheck.File(path, "--out"); // before the data load and the first epoch, not at the first save
            var options = new DatasetOptions(
                PadTo32: ModelZoo.MinimumImageSize(modelName) > 28,
                MaxTrain: parse.GetValue(maxTrain),
                MaxTest: parse.GetValue(maxTest));
            using var splits = DatasetRegistry.Load(datasetName, options, parse.GetValue(data));
            var spec = ModelSetups.SpecFor(
                modelName, splits.Train, parse.GetValue(width), batchNorm: !parse.GetValue(noBatchNorm));
            var config = new TrainingConfig
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                Optimizer = parse.GetValue(optimizer),
                LearningRate = parse.GetValue(learningRate),
                Momentum = parse.GetValue(momentum),
                WeightDecay = parse.GetValue(weightDecay),
                Schedule = parse.GetValue(schedule),
                Seed = parse.GetValue(seed),
                Lipschitz = new LipschitzConfig
                {
                    Kind = parse.GetValue(lipschitz),
                    Beta = parse.GetValue(beta) ?? ExperimentProfile.Default.Training.SuppressionBetaFor(modelName),
                    Sigma = parse.GetValue(trainSigma),
                    BatchNorm = parse.GetValue(batchNormPenalty),
                },
                VariationAware = parse.GetValue(variationAware)
                    ? CrossbarConfig.Preset(parse.GetValue(preset)!, parse.GetValue(trainSigma))
                    : null,
            }.Validate();
            var setup = new TrainingSetup(spec, datasetName, options, config);
            if (parse.GetValue(restart) && File.Exists(path)) File.Delete(path);
            // A rerun of a finished run reports the accuracy stored in the file's history: only trusted once the
            // weights it describes match their checksum (a damaged file stops here with the part named). A file of
            // the older format has no checksum to match: it goes on as before, after a one-line warning.
            if (File.Exists(path)) Checkpoint.Verify(path);

            bool asJson = parse.GetValue(json);
            torch.manual_seed(config.Seed);
            using var network = ModelZoo.Create(spec);
            network.to(torchDevice);
            var history = ConsoleProgress.RunTraining(asJson, progress =>
                new Trainer(setup, torchDevice).Train(network, splits, path, progress));

            var last = history[^1];
            var result = new
            {
                test_accuracy = last.TestAccuracy,
                train_accuracy = last.TrainAccuracy,
                epochs = history.Count,
                seconds = clock.Elapsed.TotalSeconds,
                seconds_per_epoch = history.Average(e => e.Seconds),
                model = modelName,
                dataset = datasetName,
                seed = config.Seed,
                checkpoint = Path.GetFullPath(path),
                library_version = CorrectNetInfo.Version,
            };
            Console.WriteLine(asJson
                ? JsonFormat.Serialize(result)
                : $"test accuracy {last.TestAccuracy:P2} after {history.Count} epochs; checkpoint {result.checkpoint}");
            return 0;
        });
        return command;
    }

    /// <summary>The default profile's β of every zoo model, grouped by value: "β for model, model; β for
    /// model".</summary>
    private static string DefaultBetas() => string.Join("; ", ModelZoo.Names
        .GroupBy(ExperimentProfile.Default.Training.SuppressionBetaFor)
        .Select(g => $"{g.Key.ToString("0.####", CultureInfo.InvariantCulture)} for {string.Join(", ", g)}"));
}
