namespace CorrectNet.Training;

/// <summary>The σ-aware Lipschitz target of docs/method.md F24.</summary>
public static class LipschitzTarget
{
    /// <summary>
    /// λ(σ) = 1 / (e^(σ²/2) + 3·sqrt((e^(σ²) − 1)·e^(σ²))): a layer whose devices sit three standard deviations of
    /// e^θ high still has a Lipschitz constant of about 1. λ(0) = 1; λ(0.5) ≈ 0.340.
    /// </summary>
    public static double Lambda(double sigma)
    {
        if (!(sigma >= 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be a finite number ≥ 0.");
        }
        double s2 = sigma * sigma;
        return 1.0 / (Math.Exp(s2 / 2) + 3 * Math.Sqrt((Math.Exp(s2) - 1) * Math.Exp(s2)));
    }
}
