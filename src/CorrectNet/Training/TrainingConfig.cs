using System.Text.Json.Serialization;

namespace CorrectNet.Training;

/// <summary>
/// Everything that decides a training run's result. Changing any field changes the result-cache key.
/// Defaults: the kit's standard recipe (docs/method.md §1, "Training defaults"), the one the profiles train LeNet-5
/// with; the accuracies it reaches are the runs' output, not this file's.
/// </summary>
public sealed record TrainingConfig
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;
    /// <summary>Epochs between decays for <see cref="ScheduleKind.Step"/>.</summary>
    public int StepEpochs { get; init; } = 30;
    public double StepGamma { get; init; } = 0.1;
    /// <summary>Seeds weight initialization and the per-epoch shuffling.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>Lipschitz regularizer added to the loss (docs/method.md F22–F25); none by default.</summary>
    public LipschitzConfig Lipschitz { get; init; } = LipschitzConfig.None;
    /// <summary>
    /// Variation-aware training: every mini-batch runs forward and backward on a fresh chip of this hardware
    /// (docs/method.md §5, the variation-aware baseline); null = plain training.
    /// </summary>
    public Crossbar.CrossbarConfig? VariationAware { get; init; }
    /// <summary>
    /// The number format of the training's arithmetic (docs/method.md F5b); float32 by default. Another format ends
    /// at other weights, so it is part of the setup; left out of the JSON when float32, so the cache keys and
    /// checkpoint headers written before the choice came in still match.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TrainingPrecision Precision { get; init; }

    /// <summary>Throws naming the first field that is out of range.</summary>
    public TrainingConfig Validate()
    {
        Require(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate,
            "must be positive");
        Require(Momentum is >= 0 and < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay,
            "must be non-negative");
        Require(StepEpochs >= 1, nameof(StepEpochs), StepEpochs, "must be at least 1");
        Require(StepGamma is > 0 and <= 1, nameof(StepGamma), StepGamma, "must be in (0, 1]");
        Require(Enum.IsDefined(Precision), nameof(Precision), Precision, "is not a known precision");
        // The crossbar simulator (AnalogLayer) reads weights and partial sums as float32.
        Require(Precision == TrainingPrecision.Float32 || VariationAware is null, nameof(Precision), Precision,
            "is not available with VariationAware training (the crossbar simulator computes in float32)");
        Lipschitz.Validate();
        VariationAware?.Validate();
        return this;
    }

    private static void Require(bool condition, string field, object value, string rule)
    {
        if (!condition)
            throw new ArgumentOutOfRangeException(field, value, $"TrainingConfig.{field} = {value} {rule}.");
    }
}
