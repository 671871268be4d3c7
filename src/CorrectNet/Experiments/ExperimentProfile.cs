namespace CorrectNet.Experiments;

/// <summary>
/// How much work an experiment does. quick: CI smoke run, about a minute per notebook on 2 cores (kernel start included). default: the shipped Fashion-MNIST,
/// a laptop. paper: all networks and data sets, a GPU recommended.
/// MaxTrain/MaxTest: images used (the first N of each set; null = all). Chips: Monte-Carlo chips per evaluation.
/// </summary>
public sealed record ExperimentProfile(
    string Name,
    string Description,
    int? MaxTrain,
    int? MaxTest,
    int Epochs,
    int Chips)
{
    public const string EnvironmentVariable = "CORRECTNET_PROFILE";

    public static ExperimentProfile Quick { get; } = new("quick", "CI smoke run: 4000 training and 1000 test images, 3 epochs, 5 chips", 4000, 1000, 3, 5);
    public static ExperimentProfile Default { get; } = new("default", "Shipped Fashion-MNIST in full, 10 epochs, 100 chips", null, null, 10, 100);
    public static ExperimentProfile Paper { get; } = new("paper", "Every network and data set present, paper-length training, 100 chips", null, null, 30, 100);

    public static IReadOnlyList<ExperimentProfile> All { get; } = [Quick, Default, Paper];

    /// <summary>The named profile, else the one in CORRECTNET_PROFILE, else default.</summary>
    public static ExperimentProfile Resolve(string? name = null)
    {
        string source = name is null ? EnvironmentVariable : "the profile parameter";
        name ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(name)) return Default;
        return All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown profile '{name}' (from {source}); known: {string.Join(", ", All.Select(p => p.Name))}.");
    }
}
