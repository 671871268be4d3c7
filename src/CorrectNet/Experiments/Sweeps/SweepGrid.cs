using CorrectNet.Crossbar;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// A sweep: models × data sets × methods × seeds, each trained once and evaluated at every σ of <see cref="Sigmas"/>.
/// Read from a JSON or YAML file by <see cref="SweepGridFile"/> (snake_case field names, e.g. max_train). Optional
/// settings left null take the value of <see cref="Profile"/> (<see cref="ExperimentProfile"/>).
/// </summary>
public sealed record SweepGrid
{
    /// <summary>A free label carried into the results (not part of any cell's identity).</summary>
    public string? Name { get; init; }
    /// <summary>Zoo names (<see cref="Models.ModelZoo.Names"/>).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    /// <summary>Data set names (<see cref="Data.DatasetRegistry.Names"/>).</summary>
    public IReadOnlyList<string> Datasets { get; init; } = [];
    /// <summary>σ of the device variation at which every trained model is evaluated (docs/method.md F8).</summary>
    public IReadOnlyList<double> Sigmas { get; init; } = [];
    /// <summary>Training methods by registry name (<see cref="SweepMethodRegistry"/>); default plain.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [SuppressionMethods.Plain];
    /// <summary>Training seeds (weight initialization, shuffling); each seed is a repetition of the
    /// experiment.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [1];
    /// <summary>The profile that fills every setting left null (quick, default, paper).</summary>
    public string Profile { get; init; } = ExperimentProfile.Default.Name;
    /// <summary>Training epochs of every model; null = the profile's (VGG: its VGG epochs).</summary>
    public int? Epochs { get; init; }
    /// <summary>Training images: the first N; null = the profile's.</summary>
    public int? MaxTrain { get; init; }
    /// <summary>Test images, loaded and evaluated: the first N; null = the profile's (its sweep size for the
    /// evaluation).</summary>
    public int? MaxTest { get; init; }
    /// <summary>Monte-Carlo chips per σ; null = the profile's sweep chips.</summary>
    public int? Chips { get; init; }
    /// <summary>Seed of the chips; null = the cell's training seed (each repetition draws its own chips).</summary>
    public long? ChipSeed { get; init; }
    /// <summary>Training images that calibrate DAC/ADC ranges (presets with an ADC); null = the profile's.</summary>
    public int? CalibrationImages { get; init; }
    /// <summary>β of the Lipschitz penalty; null = the profile's suppression β.</summary>
    public double? Beta { get; init; }
    /// <summary>σ that variation-aware training and the enhanced target λ(σ) are designed for.</summary>
    public double TrainSigma { get; init; } = 0.5;
    /// <summary>Hardware preset of the evaluation: ideal, lognormal (the paper's float model) or rram.</summary>
    public string Preset { get; init; } = CrossbarConfig.LognormalPreset;

    /// <summary>
    /// The cells in canonical order: models outermost, then data sets, methods, seeds (each in the order the grid lists
    /// them); cell k has <see cref="SweepCell.Index"/> k. Every σ is evaluated inside its cell.
    /// </summary>
    public IReadOnlyList<SweepCell> Cells()
    {
        var profile = ExperimentProfile.Resolve(Profile);
        var cells = new List<SweepCell>();
        foreach (string model in Models)
            foreach (string dataset in Datasets)
                foreach (string method in Methods)
                    foreach (long seed in Seeds)
                    {
                        bool vgg = ModelSetups.IsVgg(model);
                        cells.Add(new SweepCell(
                            Index: cells.Count,
                            Model: model,
                            Dataset: dataset,
                            Method: method,
                            Seed: seed,
                            Sigmas: Sigmas,
                            Profile: profile.Name,
                            Width: ModelSetups.WidthFor(model, profile),
                            Epochs: Epochs ?? (vgg ? profile.Training.VggEpochs ?? profile.Training.Epochs
                                : profile.Training.Epochs),
                            MaxTrain: MaxTrain ?? profile.Training.MaxTrain,
                            MaxTest: MaxTest ?? profile.Training.MaxTest,
                            EvaluationImages: MaxTest ?? profile.MonteCarlo.FloatMaxTest,
                            Chips: Chips ?? profile.MonteCarlo.FloatChips,
                            ChipSeed: ChipSeed ?? seed,
                            CalibrationImages: CalibrationImages ?? profile.MonteCarlo.CalibrationImages,
                            Beta: Beta ?? profile.Training.SuppressionBetaFor(model),
                            TrainSigma: TrainSigma,
                            Preset: Preset));
                    }
        return cells;
    }
}
