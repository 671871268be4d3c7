using CorrectNet.Placement;
using CorrectNet.Training;

namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// How much work an experiment does: quick (a CI smoke run), default (a laptop) or paper (a GPU recommended).
/// MaxTrain/MaxTest: images loaded (the first N of each set; null = all). <see cref="Description"/> states the main
/// settings, formatted from the values themselves; docs/method.md §11 says what each profile is for.
/// </summary>
/// <param name="Name">What <see cref="Resolve"/> and CORRECTNET_PROFILE call the profile.</param>
/// <param name="Purpose">What the profile is for, in words without numbers (the numbers are in the settings).</param>
/// <param name="MaxTrain">Training images: the first N; null = all.</param>
/// <param name="MaxTest">Test images loaded: the first N; null = all.</param>
/// <param name="Epochs">Training epochs (VGG: <see cref="VggEpochs"/> when set).</param>
/// <param name="Chips">Monte-Carlo chips per evaluation. No recipe reads it: every experiment has its own chip count
/// below (<see cref="SweepChips"/>, <see cref="PipelineChips"/>, …).</param>
public sealed record ExperimentProfile(
    string Name,
    string Purpose,
    int? MaxTrain,
    int? MaxTest,
    int Epochs,
    int Chips)
{
    public const string EnvironmentVariable = "CORRECTNET_PROFILE";

    /// <summary>σ = 0, 0.1, …, 1.0: the variation levels of the default and paper sweeps.</summary>
    private static IReadOnlyList<double> SigmaGrid { get; } = [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];

    /// <summary>
    /// One line: <see cref="Purpose"/>, then the training size, the σ grid, the chips and test images of the sweeps and
    /// of the pipeline, and the networks, all formatted from the current values (so a <c>with</c> copy describes
    /// itself). Every field is in the record's ToString.
    /// </summary>
    public string Description => ExperimentProfileDescription.Of(this);

    /// <summary>Channel width multiplier of VGG (every hidden width w becomes round(w · multiplier)); 1 = the paper's
    /// VGG-16.</summary>
    public double VggWidth { get; init; } = 1.0;
    /// <summary>Training epochs of VGG; null = <see cref="Epochs"/>. VGG's MACs per image are many times LeNet-5's
    /// (LayerProfiler, docs/method.md F7), so a profile may give it fewer epochs.</summary>
    public int? VggEpochs { get; init; }
    /// <summary>The lognormal σ values of a variation sweep (docs/method.md F8).</summary>
    public IReadOnlyList<double> Sigmas { get; init; } = [0, 0.5, 1.0];
    /// <summary>
    /// The highest σ at which a network's methods are compared (pipeline, placement on unseen chips), by zoo name (any
    /// case), where it is below the highest of <see cref="Sigmas"/>: a network at chance there under every method
    /// measured stops at the highest σ where it is not. The key is the model alone, for the profile's data sets (the
    /// default profile has only Fashion-MNIST). Empty = every network goes up to the highest σ of <see cref="Sigmas"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> HighestSigmaByModel { get; init; } = new Dictionary<string, double>();

    /// <summary>The highest σ of <paramref name="model"/>: its entry in <see cref="HighestSigmaByModel"/> if lower,
    /// else the highest of <see cref="Sigmas"/>.</summary>
    public double HighestSigmaFor(string model)
    {
        var entry = HighestSigmaByModel.FirstOrDefault(
            e => string.Equals(e.Key, model.Trim(), StringComparison.OrdinalIgnoreCase));
        return entry.Key is null ? Sigmas.Max() : Math.Min(entry.Value, Sigmas.Max());
    }

    /// <summary>The σ values of <see cref="Sigmas"/> up to <see cref="HighestSigmaFor"/> of
    /// <paramref name="model"/>.</summary>
    public IReadOnlyList<double> SigmasFor(string model) => SigmasUpTo(HighestSigmaFor(model));

    /// <summary>The σ values of <see cref="Sigmas"/> at or below <paramref name="highest"/>.</summary>
    public IReadOnlyList<double> SigmasUpTo(double highest) => [.. Sigmas.Where(s => s <= highest)];
    /// <summary>Monte-Carlo chips per point of a sweep in float mode (several σ or settings per figure).</summary>
    public int SweepChips { get; init; } = 5;
    /// <summary>Test images of a sweep in float mode: the first N of the test set; null = all the profile
    /// loads.</summary>
    public int? SweepMaxTest { get; init; }
    /// <summary>Chips per point of a sweep in crossbar mode (quantized weights, tiles, ADC). A crossbar chip costs more
    /// than a float one: every column partial sum of every tile, slice, polarity and input cycle is formed and
    /// digitized (docs/method.md F20 counts them; <c>correctnet bench</c> times the ratio).</summary>
    public int CrossbarChips { get; init; } = 2;
    /// <summary>Test images of a crossbar-mode sweep: the first N; null = all the profile loads.</summary>
    public int? CrossbarMaxTest { get; init; }
    /// <summary>Test images in the fixed batch of the error-amplification probe (docs/method.md F26).</summary>
    public int ProbeImages { get; init; } = 64;
    /// <summary>Chips the error-amplification probe averages over.</summary>
    public int ProbeChips { get; init; } = 2;
    /// <summary>Training images (the first N) that calibrate DAC and ADC ranges in crossbar mode.</summary>
    public int CalibrationImages { get; init; } = 256;
    /// <summary>The networks that crossbar-mode sweeps cover (zoo names).</summary>
    public IReadOnlyList<string> CrossbarModels { get; init; } = ["lenet5", "vgg16"];
    /// <summary>The networks notebook 02 trains five ways each (zoo names).</summary>
    public IReadOnlyList<string> SuppressionModels { get; init; } = ["lenet5", "vgg16"];
    /// <summary>β of the Lipschitz penalty in notebook 02's method comparison; docs/method.md F23 records the
    /// measurements it was chosen from.</summary>
    public double SuppressionBeta { get; init; } = 0.001;
    /// <summary>
    /// Learning rate of VGG training where the standard one (<see cref="TrainingConfig.LearningRate"/>) is
    /// unsafe; null = the standard setup. The quick profile set a lower rate when its VGG-16 was narrower and diverged;
    /// the cause turned out to be libtorch's wrong input gradient of convolutions with few output channels
    /// (environment.md §3, ConvolutionGradientTests), which the profiles' VGG widths now avoid. The quick run keeps
    /// the lower rate.
    /// </summary>
    public double? VggLearningRate { get; init; }
    /// <summary>
    /// β per network where <see cref="SuppressionBeta"/> is not the right strength: the default profile's VGG-16
    /// (BatchNorm, raw-weight penalty F25b) is far more robust at the stronger β, for little clean accuracy, as
    /// measured in docs/method.md F23. VGG-11 shares the setting untested.
    /// </summary>
    public IReadOnlyDictionary<string, double> SuppressionBetaByModel { get; init; } =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["vgg11"] = 0.01, ["vgg16"] = 0.01 };

    /// <summary>The Lipschitz β for <paramref name="model"/>: its entry in <see cref="SuppressionBetaByModel"/>, else
    /// <see cref="SuppressionBeta"/>.</summary>
    public double SuppressionBetaFor(string model) =>
        SuppressionBetaByModel.TryGetValue(model.Trim(), out double beta) ? beta : SuppressionBeta;
    /// <summary>The β values of notebook 02's trade-off (one enhanced training each).</summary>
    public IReadOnlyList<double> Betas { get; init; } = [0.0001, 0.001, 0.01];
    /// <summary>Chips of the quantization search's fixed evaluation set (shared by every setting, docs/method.md
    /// F33).</summary>
    public int QuantizationChips { get; init; } = 5;
    /// <summary>Chips of a disjoint seed on which the chosen and the reference setting are reported.</summary>
    public int QuantizationUnseenChips { get; init; } = 10;
    /// <summary>Chips of a third seed on which the search's choice is re-checked before it is reported (F33b); 0 = no
    /// check.</summary>
    public int QuantizationValidationChips { get; init; } = 10;
    /// <summary>Test images of every quantization evaluation: the first N; null = all the profile loads.</summary>
    public int? QuantizationMaxTest { get; init; } = 500;
    /// <summary>Population of the evolutionary (NSGA-II) quantization search.</summary>
    public int QuantizationPopulation { get; init; } = 16;
    /// <summary>Generations of the evolutionary quantization search.</summary>
    public int QuantizationGenerations { get; init; } = 8;
    /// <summary>Optimizer steps (mini-batches, each on a fresh chip) of one compensation training (docs/method.md
    /// F28).</summary>
    public int CompensationSteps { get; init; } = 300;
    /// <summary>Images per compensation-training mini-batch.</summary>
    public int CompensationBatchSize { get; init; } = 64;
    /// <summary>Evaluation chips per placement and per compensated model (unseen in training).</summary>
    public int CompensationChips { get; init; } = 20;
    /// <summary>Test images of placement and compensation evaluations: the first N; null = all the profile
    /// loads.</summary>
    public int? CompensationMaxTest { get; init; } = 1000;
    /// <summary>Chips per layer of the sensitivity measurement (F30).</summary>
    public int SensitivityChips { get; init; } = 10;
    /// <summary>Episodes of the REINFORCE placement agent (F32); placements are cached, so most episodes cost
    /// nothing.</summary>
    public int PlacementEpisodes { get; init; } = 150;
    /// <summary>The networks of the pipeline (notebook 07) as "model/dataset"; a data set whose files are absent is
    /// skipped there.</summary>
    public IReadOnlyList<string> PipelineNetworks { get; init; } = ["lenet5/fashion-mnist", "vgg16/fashion-mnist"];
    /// <summary>Unseen chips on which the pipeline and every baseline are evaluated at the evaluation σ
    /// (docs/method.md F37); the curves over σ take the first <see cref="CrossbarChips"/>.</summary>
    public int PipelineChips { get; init; } = 20;
    /// <summary>Test images of the pipeline's final evaluations: the first N; null = all the profile loads.</summary>
    public int? PipelineMaxTest { get; init; } = 1000;
    /// <summary>Episodes of the pipeline's placement agent (twice per network: pipeline and compensation alone); null
    /// = <see cref="PlacementEpisodes"/>.</summary>
    public int? PipelinePlacementEpisodes { get; init; }
    /// <summary>Notebook 04 runs exhaustive placement search only when the model has at most this many placements
    /// (2^L for L analog layers, <see cref="PlacementSearchRegistry.IsAffordable"/>); 0 = never. The search itself
    /// refuses more than <see cref="PlacementSearches.MaxExhaustivePlacements"/>.</summary>
    public int PlacementExhaustiveMax { get; init; } = PlacementSearches.MaxExhaustivePlacements;

    public static ExperimentProfile Quick { get; } = new("quick", "CI smoke run", 4000, 1000, 3, 5)
    {
        // Not 0.125: its 8→8 convolution meets libtorch's wrong input gradient (environment.md §3,
        // ConvolutionGradientTests).
        VggWidth = 0.25,
        VggEpochs = 2,
        VggLearningRate = 0.02,
        Sigmas = [0, 0.5, 1.0],
        SweepChips = 5,
        SweepMaxTest = 500,
        CrossbarChips = 2,
        CrossbarMaxTest = 200,
        ProbeImages = 64,
        ProbeChips = 2,
        CalibrationImages = 64,
        CrossbarModels = ["lenet5"],
        SuppressionModels = ["lenet5"],
        Betas = [0.001, 0.01],
        QuantizationChips = 2,
        QuantizationUnseenChips = 3,
        QuantizationValidationChips = 2,
        QuantizationMaxTest = 200,
        QuantizationPopulation = 8,
        QuantizationGenerations = 2,
        CompensationSteps = 40,
        CompensationBatchSize = 64,
        CompensationChips = 3,
        CompensationMaxTest = 300,
        SensitivityChips = 2,
        PlacementEpisodes = 20,
        PipelineNetworks = ["lenet5/fashion-mnist"],
        PipelineChips = 3,
        PipelineMaxTest = 300,
        PipelinePlacementEpisodes = 5,
        // Exhaustive search trains units for each of LeNet-5's 2^5 placements, far more than the agent's few distinct
        // ones; the default profile runs it.
        PlacementExhaustiveMax = 0,
    };
    public static ExperimentProfile Default { get; } = new("default", "laptop run", null, null, 10, 100)
    {
        VggWidth = 0.25,
        VggEpochs = 4,
        Sigmas = SigmaGrid,
        // The default VGG-16 is at chance at σ = 1.0 under every method, with or without units, and not at 0.7
        // (docs/method.md F37 records the accuracies). VGG-11 shares the setting untested.
        HighestSigmaByModel =
            new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["vgg11"] = 0.7, ["vgg16"] = 0.7 },
        SweepChips = 25,
        SweepMaxTest = 1000,
        CrossbarChips = 8,
        CrossbarMaxTest = 500,
        ProbeImages = 256,
        ProbeChips = 10,
        QuantizationChips = 5,
        QuantizationUnseenChips = 10,
        QuantizationMaxTest = 500,
        QuantizationPopulation = 16,
        QuantizationGenerations = 8,
    };
    public static ExperimentProfile Paper { get; } = new("paper", "paper-scale run, a GPU recommended",
        null, null, 30, 100)
    {
        VggWidth = 1.0,
        Sigmas = SigmaGrid,
        SweepChips = 100,
        CrossbarChips = 100,
        ProbeImages = 512,
        ProbeChips = 25,
        QuantizationChips = 20,
        QuantizationUnseenChips = 100,
        QuantizationValidationChips = 20,
        QuantizationMaxTest = null,
        QuantizationPopulation = 32,
        QuantizationGenerations = 20,
        CompensationSteps = 1000,
        CompensationChips = 100,
        CompensationMaxTest = null,
        SensitivityChips = 25,
        PlacementEpisodes = 300,
        PipelineNetworks =
            ["lenet5/fashion-mnist", "vgg16/fashion-mnist", "vgg16/cifar10", "vgg16/cifar100", "resnet18/cifar10"],
        PipelineChips = 100,
        PipelineMaxTest = null,
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
