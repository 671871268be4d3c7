using CorrectNet.Placement;

namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// How much work an experiment does: quick (a CI smoke run), default (a laptop) or paper (a GPU recommended), one
/// budget per stage: <see cref="Training"/>, <see cref="MonteCarlo"/> (the accuracy curves), <see cref="Placement"/>
/// (compensation units and their placement), <see cref="Quantization"/> and <see cref="Pipeline"/>. Every budget is
/// validated when the profile takes it (construction or <c>with</c>), so a profile out of range never runs.
/// <see cref="Description"/> states the main settings, formatted from the values themselves; docs/method.md §11 says
/// what each profile is for.
/// </summary>
/// <param name="Name">What <see cref="Resolve"/> and CORRECTNET_PROFILE call the profile.</param>
/// <param name="Purpose">What the profile is for, in words without numbers (the numbers are in the settings).</param>
public sealed record ExperimentProfile(string Name, string Purpose)
{
    public const string EnvironmentVariable = "CORRECTNET_PROFILE";

    /// <summary>σ = 0, 0.1, …, 1.0: the variation levels of the default and paper curves.</summary>
    private static IReadOnlyList<double> SigmaGrid { get; } = [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];

    public required TrainingBudget Training { get; init => field = value.Validate(); }

    public MonteCarloBudget MonteCarlo { get; init => field = value.Validate(); } = new();

    public PlacementBudget Placement { get; init => field = value.Validate(); } = new();

    public QuantizationBudget Quantization { get; init => field = value.Validate(); } = new();

    public PipelineBudget Pipeline { get; init => field = value.Validate(); } = new();

    /// <summary>
    /// One line: <see cref="Purpose"/>, then the training size, the σ grid, the chips and test images of the curves
    /// and of the pipeline, and the networks, all formatted from the current values (so a <c>with</c> copy describes
    /// itself).
    /// </summary>
    public string Description => ExperimentProfileDescription.Of(this);

    public static ExperimentProfile Quick { get; } = new("quick", "CI smoke run")
    {
        Training = new(MaxTrain: 4000, MaxTest: 1000, Epochs: 3)
        {
            // Not 0.125: its 8→8 convolution meets libtorch's wrong input gradient (environment.md §3,
            // ConvolutionGradientTests).
            VggWidth = 0.25,
            VggEpochs = 2,
            VggLearningRate = 0.02,
            Threads = 1, // as the quick run's notebooks (NotebookRunner: OMP_NUM_THREADS=1)
            FineTuneEpochs = 1,
            VggFineTuneEpochs = 1,
            SuppressionModels = ["lenet5"],
            Betas = [0.001, 0.01],
        },
        MonteCarlo = new()
        {
            Sigmas = [0, 0.5, 1.0],
            FloatChips = 5,
            FloatMaxTest = 500,
            CrossbarChips = 2,
            CrossbarMaxTest = 200,
            CrossbarModels = ["lenet5"],
            ProbeImages = 64,
            ProbeChips = 2,
            CalibrationImages = 64,
        },
        Placement = new()
        {
            CompensationSteps = 40,
            CompensationBatchSize = 64,
            Chips = 3,
            MaxTest = 300,
            SensitivityChips = 2,
            Episodes = 20,
            Scoring = PlacementScoring.WeightSharing,
        },
        Quantization = new()
        {
            Chips = 2,
            UnseenChips = 3,
            ValidationChips = 2,
            MaxTest = 200,
            Population = 8,
            Generations = 2,
        },
        Pipeline = new()
        {
            Networks = ["lenet5/fashion-mnist"],
            Chips = 3,
            MaxTest = 300,
            PlacementEpisodes = 5,
        },
    };

    public static ExperimentProfile Default { get; } = new("default", "laptop run")
    {
        // VGG-16's variation-aware models fine-tune their chip-free recipe; docs/method.md F5c records the
        // measurements behind the choice. LeNet-5's train from scratch: its epochs are cheap.
        Training = new(MaxTrain: null, MaxTest: null, Epochs: 10)
        {
            VggWidth = 0.25,
            VggEpochs = 4,
            VggFineTuneEpochs = 2,
        },
        MonteCarlo = new()
        {
            Sigmas = SigmaGrid,
            // VGG-16 is at chance at the grid's top under every method, with or without units (docs/method.md F37
            // records the accuracies). VGG-11 shares the setting untested.
            HighestSigmaByModel =
                new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["vgg11"] = 0.7, ["vgg16"] = 0.7 },
            // Curves, not headline points: between chips, not between images, is where most of their spread lies.
            FloatChips = 25,
            FloatMaxTest = 500,
            CrossbarChips = 8,
            CrossbarMaxTest = 500,
            ProbeImages = 256,
            ProbeChips = 10,
        },
        Placement = new()
        {
            // The searches rank placements on shared units and fewer chips; the choices are retrained and reported
            // on the full 20 unseen chips × 1000 images (docs/method.md F38).
            Scoring = PlacementScoring.WeightSharing,
            SearchChips = 8,
            SearchMaxTest = 250,
            SensitivityChips = 5,
        },
        Pipeline = new() { PlacementEpisodes = 60 },
        Quantization = new()
        {
            Chips = 5,
            UnseenChips = 10,
            MaxTest = 500,
            Population = 16,
            Generations = 8,
        },
    };

    public static ExperimentProfile Paper { get; } = new("paper", "paper-scale run, a GPU recommended")
    {
        Training = new(MaxTrain: null, MaxTest: null, Epochs: 30) { VggWidth = 1.0 },
        MonteCarlo = new()
        {
            Sigmas = SigmaGrid,
            FloatChips = 100,
            CrossbarChips = 100,
            ProbeImages = 512,
            ProbeChips = 25,
        },
        Placement = new()
        {
            CompensationSteps = 1000,
            Chips = 100,
            MaxTest = null,
            SensitivityChips = 25,
            Episodes = 300,
        },
        Quantization = new()
        {
            Chips = 20,
            UnseenChips = 100,
            ValidationChips = 20,
            MaxTest = null,
            Population = 32,
            Generations = 20,
        },
        Pipeline = new()
        {
            Networks =
                ["lenet5/fashion-mnist", "vgg16/fashion-mnist", "vgg16/cifar10", "vgg16/cifar100", "resnet18/cifar10"],
            Chips = 100,
            MaxTest = null,
        },
    };

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
