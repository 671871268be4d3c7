using System.Text.Json.Serialization;
namespace CorrectNet.Training;

/// <summary>
/// The Lipschitz regularizer of training (docs/method.md F22–F25): loss = CE + β · Σ_l ‖G_l − λ²I‖²_F over the analog
/// (Conv2d/Linear) layers not excluded, each seen raw (F25b, default) or with its following BatchNorm folded in (F25).
/// </summary>
public sealed record LipschitzConfig
{
    public LipschitzKind Kind { get; init; } = LipschitzKind.None;
    /// <summary>β, the weight of the penalty in the loss.</summary>
    public double Beta { get; init; } = 0.01;
    /// <summary>σ the enhanced target is designed for (ignored by Parseval).</summary>
    public double Sigma { get; init; } = 0.5;
    /// <summary>Layer names (as in named_modules) left out of the penalty.</summary>
    public IReadOnlyList<string> ExcludedLayers { get; init; } = [];
    /// <summary>
    /// What the penalty sees of a layer that a BatchNorm follows: the raw weight (F25b, default) or the folded one
    /// (F25).
    /// Left out of the JSON when Raw, so the keys of networks without BatchNorm did not change when the choice came in.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public BatchNormInPenalty BatchNorm { get; init; } = BatchNormInPenalty.Raw;

    public static LipschitzConfig None { get; } = new();

    /// <summary>λ, the target Lipschitz constant of every layer.</summary>
    [JsonIgnore]
    public double Target => Kind switch
    {
        LipschitzKind.Enhanced => LipschitzTarget.Lambda(Sigma),
        _ => 1.0,
    };

    // Value equality over the list's contents (a record compares lists by reference).
    public bool Equals(LipschitzConfig? other) =>
        other is not null && Kind == other.Kind && Beta.Equals(other.Beta) && Sigma.Equals(other.Sigma)
        && BatchNorm == other.BatchNorm && ExcludedLayers.SequenceEqual(other.ExcludedLayers);

    public override int GetHashCode() => HashCode.Combine(Kind, Beta, Sigma, BatchNorm, ExcludedLayers.Count);

    public LipschitzConfig Validate()
    {
        if (!(Beta >= 0) || double.IsInfinity(Beta))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Beta), Beta, $"Lipschitz.Beta = {Beta} must be a finite number ≥ 0.");
        }
        if (!(Sigma >= 0) || double.IsInfinity(Sigma))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Sigma), Sigma, $"Lipschitz.Sigma = {Sigma} must be a finite number ≥ 0.");
        }
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown Lipschitz regularizer.");
        }
        if (!Enum.IsDefined(BatchNorm))
        {
            throw new ArgumentOutOfRangeException(
                nameof(BatchNorm), BatchNorm, "Unknown BatchNorm handling of the Lipschitz penalty.");
        }
        return this;
    }
}
