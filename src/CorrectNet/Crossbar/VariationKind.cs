namespace CorrectNet.Crossbar;

/// <summary>
/// How a programmed conductance g0 deviates on a chip (θ ~ N(0, σ²), one draw per device). docs/method.md F8.
/// </summary>
public enum VariationKind
{
    /// <summary>g = g0 · e^θ, the paper's model.</summary>
    Lognormal,
    /// <summary>g = g0 · (1 + θ), clamped at 0.</summary>
    GaussianMultiplicative,
    /// <summary>g = g0 + θ · g_range (σ relative to the device's programmable range), clamped at 0.</summary>
    GaussianAdditive,
}
