using CorrectNet.Crossbar;
using CorrectNet.Training;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// The training methods of the error-suppression experiment (docs/method.md §5): plain, variation-aware, Parseval,
/// enhanced, and enhanced + variation-aware, each a variation of one plain training setup.
/// </summary>
public static class SuppressionMethods
{
    public const string Plain = "plain";
    public const string VariationAware = "variation-aware";
    public const string Parseval = "parseval";
    public const string Enhanced = "enhanced";
    public const string EnhancedVariationAware = "enhanced + variation-aware";

    public static IReadOnlyList<string> All { get; } = [Plain, VariationAware, Parseval, Enhanced,
        EnhancedVariationAware];

    /// <summary>
    /// <paramref name="plain"/> trained by <paramref name="method"/>: β weighs the Lipschitz penalty; σ is what the
    /// enhanced target λ(σ) and variation-aware training (lognormal float model) are designed for.
    /// </summary>
    public static TrainingSetup Apply(TrainingSetup plain, string method, double beta, double sigma)
    {
        var training = plain.Training;
        var parseval = new LipschitzConfig { Kind = LipschitzKind.Parseval, Beta = beta };
        var enhanced = new LipschitzConfig { Kind = LipschitzKind.Enhanced, Beta = beta, Sigma = sigma };
        var chips = CrossbarConfig.Lognormal(sigma);
        return plain with
        {
            Training = method switch
            {
                Plain => training,
                VariationAware => training with { VariationAware = chips },
                Parseval => training with { Lipschitz = parseval },
                Enhanced => training with { Lipschitz = enhanced },
                EnhancedVariationAware => training with { Lipschitz = enhanced, VariationAware = chips },
                _ => throw new ArgumentException($"Unknown method '{method}'; known: {string.Join(", ", All)}.",
                    nameof(method)),
            },
        };
    }
}
