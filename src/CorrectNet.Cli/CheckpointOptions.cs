using System.CommandLine;
using System.Diagnostics;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;

namespace CorrectNet.Cli;

/// <summary>
/// The options of a command that runs a trained checkpoint on simulated chips (evaluate, quantize, place, sharing):
/// --checkpoint, --sigma, --device, --data and --json, declared once; and <see cref="Load"/>, their one reading.
/// The command's own --preset, --profile or --max-test (which cuts the test set) come in through the constructor,
/// because the loading reads them in a fixed order (see <see cref="Load"/>).
/// </summary>
internal sealed class CheckpointOptions
{
    public const string CheckpointDescription = "Checkpoint written by `correctnet train`.";

    public const string SigmaDescription = "σ of the lognormal device variation g = g0·e^θ, θ ~ N(0, σ²).";

    private readonly Option<string>? preset;
    private readonly Option<string?>? profile;
    private readonly Option<int?>? maxTest;

    /// <param name="checkpointDescription">Help of --checkpoint.</param>
    /// <param name="sigmaDescription">Help of --sigma.</param>
    /// <param name="sigma">Default σ (dimensionless: the std of θ in g = g0·e^θ).</param>
    /// <param name="preset">The command's --preset: <see cref="CheckpointRun.Config"/> is its hardware at σ.</param>
    /// <param name="profile">The command's --profile: <see cref="CheckpointRun.Experiment"/> is the profile.</param>
    /// <param name="maxTest">The command's --max-test when it cuts the loaded test set to the first N images.</param>
    public CheckpointOptions(string checkpointDescription = CheckpointDescription,
        string sigmaDescription = SigmaDescription, double sigma = 0.5, Option<string>? preset = null,
        Option<string?>? profile = null, Option<int?>? maxTest = null)
    {
        Checkpoint = new Option<string>("--checkpoint") { Description = checkpointDescription, Required = true };
        Sigma = new Option<double>("--sigma")
        {
            Description = sigmaDescription,
            DefaultValueFactory = _ => sigma,
        }.Sigma();
        this.preset = preset;
        this.profile = profile;
        this.maxTest = maxTest;
    }

    public Option<string> Checkpoint { get; }

    public Option<double> Sigma { get; }

    public Option<string> Device { get; } = CommonOptions.Device();

    public Option<string?> Data { get; } = CommonOptions.Data();

    public Option<bool> Json { get; } = CommonOptions.Json();

    /// <summary>Adds the options to <paramref name="command"/> in the order its help lists them: --checkpoint and
    /// --sigma first, the command's own options, then --device, --data and --json.</summary>
    public Command AddTo(Command command, params Option[] own)
    {
        foreach (var option in new Option[] { Checkpoint, Sigma }.Concat(own).Concat([Device, Data, Json]))
            command.Options.Add(option);
        return command;
    }

    /// <summary>
    /// Reads the parsed values and loads what they name, in the order that decides which error a user sees first when
    /// several inputs are bad: --device, the checkpoint, --profile, the data set of the checkpoint's setup, --preset.
    /// </summary>
    public CheckpointRun Load(ParseResult parse)
    {
        var clock = Stopwatch.StartNew();
        var device = ComputeDevice.Parse(parse.GetValue(Device)!);
        string path = parse.GetValue(Checkpoint)!;
        var (header, model) = Training.Checkpoint.Load(path, device: device);
        // The full path: a recipe that reloads the checkpoint later must not depend on the working folder.
        var trained = new TrainedModel(model, header, Path.GetFullPath(path), FromCache: true);
        DatasetSplits? splits = null;
        try
        {
            var experiment = profile is null ? null : ExperimentProfile.Resolve(parse.GetValue(profile));
            var options = header.Setup.Data;
            if (maxTest is not null) options = options with { MaxTest = parse.GetValue(maxTest) ?? options.MaxTest };
            splits = DatasetRegistry.Load(header.Setup.Dataset, options, parse.GetValue(Data));
            double sigma = parse.GetValue(Sigma);
            var config = preset is null ? null : CrossbarConfig.Preset(parse.GetValue(preset)!, sigma);
            return new CheckpointRun(clock, device, trained, splits, sigma, parse.GetValue(Json), experiment, config);
        }
        catch
        {
            splits?.Dispose();
            trained.Dispose();
            throw;
        }
    }
}
