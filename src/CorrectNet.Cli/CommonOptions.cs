using System.CommandLine;
using CorrectNet.Compensation;
using CorrectNet.Crossbar;

namespace CorrectNet.Cli;

/// <summary>Options shared by several commands, so they are spelled and described once.</summary>
internal static class CommonOptions
{
    /// <summary>--seed of place and sharing: the chips units are evaluated on; they train on other chips.</summary>
    public static readonly string EvaluationSeedDescription = "Seed of the evaluation chips; units train on chips of " +
        $"seed + {CompensationTrainingConfig.TrainingChipSeedOffset}.";

    public static Option<string> Device() => new("--device")
    {
        Description = "Where tensors live: cpu, cuda or cuda:N (CUDA needs a CUDA build of TorchSharp, see " +
            "environment.md).",
        DefaultValueFactory = _ => "cpu",
    };

    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder holding the data sets (fashion-mnist/, mnist/, cifar10/, cifar100/). " +
                      "Default: $CORRECTNET_DATA, else the clone's data/ folder.",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the result as one JSON object on stdout; progress lines go to stderr, so stdout can be " +
            "piped to a JSON parser.",
    };

    /// <summary>--preset: a name of <see cref="CrossbarConfig.PresetNames"/>, lognormal by default.</summary>
    /// <param name="note">Said after the list of names (e.g. what the presets are).</param>
    public static Option<string> Preset(string? note = null) => new("--preset")
    {
        Description = $"Hardware preset: {string.Join(", ", CrossbarConfig.PresetNames)}{note}.",
        DefaultValueFactory = _ => CrossbarConfig.LognormalPreset,
    };

    /// <summary>--seed of the chips a command samples; 1 by default.</summary>
    public static Option<long> Seed(string description) => new("--seed")
    {
        Description = description,
        DefaultValueFactory = _ => 1,
    };

    /// <summary>--profile: a name for ExperimentProfile.Resolve; none = $CORRECTNET_PROFILE, else default.</summary>
    public static Option<string?> Profile(string description) => new("--profile") { Description = description };

    /// <summary>--alpha: α ≥ 0 of the placement reward R = Acc/Acc_clean − α·overhead (docs/method.md F31), 1 by
    /// default.</summary>
    /// <param name="note">Said in parentheses after the formula.</param>
    public static Option<double> Alpha(string? note = null) => new Option<double>("--alpha")
    {
        Description = "α of the reward R = Acc/Acc_clean − α·overhead" + (note is null ? "." : $" ({note})."),
        DefaultValueFactory = _ => 1.0,
    }.NonNegative();
}
