namespace CorrectNet.Placement;

/// <summary>
/// REINFORCE (docs/method.md F32): <see cref="Episodes"/> episodes, Adam at <see cref="LearningRate"/> on
/// −Σ_l log π(a_l|s_l)·(R − b) − η·Σ_l H(π(·|s_l)), baseline b ← m·b + (1 − m)·R (b starts at the first reward),
/// one update per episode.
/// </summary>
public sealed record ReinforceConfig
{
    public int Episodes { get; init; } = 100;
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Divide R − b by the moving root-mean-square of past advantages (same momentum m) [ours]: the step size
    /// then does not depend on the reward's scale (α, accuracy range).</summary>
    public bool NormalizeAdvantage { get; init; } = true;
    /// <summary>m of the moving-average baseline.</summary>
    public double BaselineMomentum { get; init; } = 0.9;
    /// <summary>η, weight of the entropy bonus.</summary>
    public double EntropyWeight { get; init; } = 0.05;
    public int HiddenUnits { get; init; } = 32;
    /// <summary>Seeds the policy's weights and the action sampling.</summary>
    public long Seed { get; init; } = 1;

    public ReinforceConfig Validate()
    {
        if (Episodes < 1) throw new ArgumentOutOfRangeException(nameof(Episodes), Episodes, "At least one episode.");
        if (!(LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be > 0.");
        if (!(BaselineMomentum is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(BaselineMomentum), BaselineMomentum, "Must be in [0, 1).");
        if (!(EntropyWeight >= 0))
            throw new ArgumentOutOfRangeException(nameof(EntropyWeight), EntropyWeight, "Must be ≥ 0.");
        if (HiddenUnits < 1)
            throw new ArgumentOutOfRangeException(nameof(HiddenUnits), HiddenUnits, "At least one hidden unit.");
        return this;
    }
}
