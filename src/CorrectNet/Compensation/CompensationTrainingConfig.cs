using System.Text.Json.Serialization;

namespace CorrectNet.Compensation;

/// <summary>
/// Training of compensation units with the base frozen (docs/method.md F28): <see cref="Steps"/> mini-batches of
/// <see cref="BatchSize"/> images, each on a fresh chip k = step of <see cref="ChipSeed"/>, Adam at
/// <see cref="LearningRate"/> (gradient norm clipped to <see cref="MaxGradientNorm"/>), loss CE + μ·mean over units of
/// MSE(compensated, variation-free features). Training chips must not be evaluation chips: use <see
/// cref="ChipSeedFor"/> of the evaluation seed.
/// </summary>
public sealed record CompensationTrainingConfig
{
    /// <summary>Mini-batches (optimizer steps); a fixed number, so every placement gets the same budget
    /// (F31).</summary>
    public int Steps { get; init; } = 200;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.003;
    /// <summary>Largest L2 norm of the units' gradient per step (null = no clipping) [ours]: a chip far in the
    /// lognormal tail gives a huge loss, and one such step could undo the training.</summary>
    public double? MaxGradientNorm { get; init; } = 1.0;
    /// <summary>μ of the feature-matching term (0 = cross-entropy only).</summary>
    public double FeatureWeight { get; init; }
    /// <summary>
    /// Cap on each image's cross-entropy, as a multiple of ln(classes) (the loss of a uniform guess); null = no cap
    /// [ours]. Under large σ many images come out confidently wrong with huge logits; uncapped, their loss dominates
    /// and the units learn to flatten every output towards the uniform guess (accuracy falls). Capped, a hopelessly
    /// wrong image adds a constant instead of dominating. 2 rather than 1: with few classes (3) a cap of ln(classes)
    /// also silences the images that are only mildly wrong, and training stops helping (docs/method.md F28).
    /// </summary>
    public double? SampleLossCap { get; init; } = 2.0;
    /// <summary>Seed of the image shuffling (epoch e shuffles with seed·1 000 003 + e) and of the units'
    /// initialization.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>Seed of the training chips: step k trains on chip (ChipSeed, k).</summary>
    public long ChipSeed { get; init; } = ChipSeedFor(1);

    /// <summary>
    /// Units trained over a range of σ (docs/method.md F28a) [ours]: step k's chip has σ_k = σ · s_k, with s_k spread
    /// evenly over [LowestSigmaScale, 1] (<see cref="SigmaScaleAt"/>). Null: every chip at the hardware's σ (F28).
    /// Not written into cache keys when null, so the keys of units trained at one σ stay as they were.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LowestSigmaScale { get; init; }

    /// <summary>
    /// Per-chip BatchNorm re-estimation during training (docs/method.md F36a) [ours]: after each step's chip is
    /// programmed, every BatchNorm's statistics are re-estimated on the first N training images with the units as they
    /// are, as the deployed chip will be, so the units learn to correct what re-estimation leaves. Null: the trained
    /// statistics (and no change of cache key).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BatchNormImages { get; init; }

    /// <summary>
    /// s_k of step <paramref name="step"/>: 1 without <see cref="LowestSigmaScale"/>; else LowestSigmaScale + (1 −
    /// LowestSigmaScale) · frac(k · φ⁻¹), φ⁻¹ = (√5 − 1)/2. The golden-ratio (Weyl) sequence fills the range evenly
    /// for any number of steps, without a generator of its own, and step k's chip is the same on every run.
    /// </summary>
    public double SigmaScaleAt(int step)
    {
        if (LowestSigmaScale is not { } lowest) return 1;
        double u = step * ((Math.Sqrt(5) - 1) / 2) % 1.0;
        return lowest + (1 - lowest) * u;
    }

    /// <summary>Offset between evaluation and training chip seeds [ours].</summary>
    public const long TrainingChipSeedOffset = 1_000_003;

    /// <summary>The training-chip seed that belongs to evaluation seed s: s + 1 000 003, so chips of s are never
    /// trained on.</summary>
    public static long ChipSeedFor(long evaluationSeed) => unchecked(evaluationSeed + TrainingChipSeedOffset);

    public CompensationTrainingConfig Validate()
    {
        if (Steps < 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be ≥ 0.");
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be ≥ 1.");
        if (!(LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be > 0.");
        if (MaxGradientNorm is { } clip && !(clip > 0))
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), clip, "MaxGradientNorm must be > 0.");
        if (!(FeatureWeight >= 0))
            throw new ArgumentOutOfRangeException(nameof(FeatureWeight), FeatureWeight, "FeatureWeight must be ≥ 0.");
        if (LowestSigmaScale is { } lowest && !(lowest is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(LowestSigmaScale), lowest,
                "LowestSigmaScale must be in [0, 1] (a fraction of the hardware's σ).");
        if (BatchNormImages is < 2)
            throw new ArgumentOutOfRangeException(nameof(BatchNormImages), BatchNormImages,
                "BatchNorm re-estimation needs at least 2 images.");
        if (SampleLossCap is { } cap && !(cap > 0))
            throw new ArgumentOutOfRangeException(nameof(SampleLossCap), cap, "SampleLossCap must be > 0.");
        return this;
    }
}
