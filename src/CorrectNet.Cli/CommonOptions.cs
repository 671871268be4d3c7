using System.CommandLine;

namespace CorrectNet.Cli;

/// <summary>Options shared by several commands, so they are spelled and described once.</summary>
internal static class CommonOptions
{
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
}
