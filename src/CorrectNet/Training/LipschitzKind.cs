namespace CorrectNet.Training;

public enum LipschitzKind
{
    None,
    /// <summary>Parseval-style target λ = 1.</summary>
    Parseval,
    /// <summary>σ-aware target λ(σ) = 1 / (E[e^θ] + 3·Std[e^θ]) (docs/method.md F24).</summary>
    Enhanced,
}
