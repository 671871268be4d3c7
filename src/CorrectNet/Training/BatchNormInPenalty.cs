namespace CorrectNet.Training;

/// <summary>How the Lipschitz penalty treats a BatchNorm that follows an analog layer (docs/method.md F25,
/// F25b).</summary>
public enum BatchNormInPenalty
{
    /// <summary>The penalty sees the raw W̃; the BatchNorm's scale is free (F25b, the kit's default).</summary>
    Raw,
    /// <summary>The penalty sees W̃ with each row scaled by γ/√(running var + ε) of the BatchNorm (F25).</summary>
    Folded,
}
