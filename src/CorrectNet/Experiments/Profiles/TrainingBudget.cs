using CorrectNet.Training;

namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// What a profile trains: the images loaded (the first N of each set; null = all), the epochs, how VGG is scaled, and
/// the networks and β of the error-suppression comparison (notebook 02).
/// </summary>
/// <param name="MaxTrain">Training images: the first N; null = all.</param>
/// <param name="MaxTest">Test images loaded: the first N; null = all. Every stage's own test limit is capped by
/// it.</param>
/// <param name="Epochs">Training epochs (VGG: <see cref="VggEpochs"/> when set).</param>
public sealed record TrainingBudget(int? MaxTrain, int? MaxTest, int Epochs)
{
    /// <summary>Channel width multiplier of VGG (every hidden width w becomes round(w · multiplier)); 1 = the paper's
    /// VGG-16.</summary>
    public double VggWidth { get; init; } = 1.0;

    /// <summary>Training epochs of VGG; null = <see cref="Epochs"/>. VGG's MACs per image are many times LeNet-5's
    /// (LayerProfiler, docs/method.md F7), so a profile may give it fewer epochs.</summary>
    public int? VggEpochs { get; init; }

    /// <summary>
    /// Learning rate of VGG training where the standard one (<see cref="TrainingConfig.LearningRate"/>) is unsafe;
    /// null = the standard setup. The quick profile set a lower rate when its VGG-16 was narrower and diverged; the
    /// cause turned out to be libtorch's wrong input gradient of convolutions with few output channels (environment.md
    /// §3, ConvolutionGradientTests), which the profiles' VGG widths now avoid. The quick run keeps the lower rate.
    /// </summary>
    public double? VggLearningRate { get; init; }

    /// <summary>
    /// Epochs of the variation-aware methods (variation-aware, enhanced + variation-aware), each fine-tuned from the
    /// same recipe trained without chips (docs/method.md F5c); null = from fresh weights for <see cref="Epochs"/>.
    /// VGG: <see cref="VggFineTuneEpochs"/>.
    /// </summary>
    public int? FineTuneEpochs { get; init; }

    /// <summary><see cref="FineTuneEpochs"/> of VGG.</summary>
    public int? VggFineTuneEpochs { get; init; }

    /// <summary>
    /// Intra-op CPU threads every training of the profile runs at
    /// (<see cref="Recipes.ExperimentContext.TrainingThreads"/>), whatever the machine has: a CPU training is
    /// bit-reproducible only at one thread count (docs/method.md F5), so a retraining elsewhere replays the cached
    /// models. Null = whatever the process runs at.
    /// </summary>
    public int? Threads { get; init; } = 2;

    /// <summary>The number format of every training of the profile (<see cref="TrainingConfig.Precision"/>,
    /// docs/method.md F5b); float32 by default, which leaves the setups and their cache keys as they were.</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Float32;

    /// <summary>The networks notebook 02 trains five ways each (zoo names).</summary>
    public IReadOnlyList<string> SuppressionModels { get; init; } = ["lenet5", "vgg16"];

    /// <summary>β of the Lipschitz penalty in notebook 02's method comparison; docs/method.md F23 records the
    /// measurements it was chosen from.</summary>
    public double SuppressionBeta { get; init; } = 0.001;

    /// <summary>
    /// β per network where <see cref="SuppressionBeta"/> is not the right strength: VGG (BatchNorm, raw-weight penalty
    /// F25b) is far more robust at the stronger β, for little clean accuracy (docs/method.md F23 records the
    /// measurements). VGG-11 shares the setting untested.
    /// </summary>
    public IReadOnlyDictionary<string, double> SuppressionBetaByModel { get; init; } =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["vgg11"] = 0.01, ["vgg16"] = 0.01 };

    /// <summary>The β values of notebook 02's trade-off (one enhanced training each).</summary>
    public IReadOnlyList<double> Betas { get; init; } = [0.0001, 0.001, 0.01];

    /// <summary>The Lipschitz β for <paramref name="model"/>: its entry in <see cref="SuppressionBetaByModel"/>, else
    /// <see cref="SuppressionBeta"/>.</summary>
    public double SuppressionBetaFor(string model) =>
        SuppressionBetaByModel.TryGetValue(model.Trim(), out double beta) ? beta : SuppressionBeta;

    /// <summary>Fine-tuning epochs of the variation-aware methods for <paramref name="model"/>; null = from
    /// scratch.</summary>
    public int? FineTuneEpochsFor(string model) => ModelSetups.IsVgg(model) ? VggFineTuneEpochs : FineTuneEpochs;

    /// <exception cref="ArgumentException">A setting out of range; the message names it and its value.</exception>
    public TrainingBudget Validate()
    {
        BudgetCheck.Limit("Training.MaxTrain", MaxTrain);
        BudgetCheck.Limit("Training.MaxTest", MaxTest);
        BudgetCheck.AtLeast("Training.Epochs", Epochs, 1);
        BudgetCheck.Positive("Training.VggWidth", VggWidth);
        if (VggEpochs is { } vggEpochs) BudgetCheck.AtLeast("Training.VggEpochs", vggEpochs, 1);
        if (FineTuneEpochs is { } fineTune) BudgetCheck.AtLeast("Training.FineTuneEpochs", fineTune, 1);
        if (VggFineTuneEpochs is { } vggFineTune) BudgetCheck.AtLeast("Training.VggFineTuneEpochs", vggFineTune, 1);
        if (VggLearningRate is { } rate) BudgetCheck.Positive("Training.VggLearningRate", rate);
        if (Threads is { } threads) BudgetCheck.AtLeast("Training.Threads", threads, 1);
        BudgetCheck.NotEmpty("Training.SuppressionModels", SuppressionModels);
        BudgetCheck.NotNegative("Training.SuppressionBeta", SuppressionBeta);
        BudgetCheck.NotNegative("Training.SuppressionBetaByModel", SuppressionBetaByModel);
        BudgetCheck.NotEmpty("Training.Betas", Betas);
        foreach (double beta in Betas) BudgetCheck.NotNegative("Training.Betas", beta);
        return this;
    }
}
