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
    /// enhanced target λ(σ) and variation-aware training (lognormal float model) are designed for. With
    /// <paramref name="fineTuneEpochs"/>, every method but plain starts from the plain model's trained weights and
    /// trains that many epochs (docs/method.md F5c); null = from fresh weights for the plain setup's epochs.
    /// </summary>
    public static TrainingSetup Apply(TrainingSetup plain, string method, double beta, double sigma,
        int? fineTuneEpochs = null)
    {
        var setup = Recipe(plain, method, beta, sigma);
        if (method == Plain || fineTuneEpochs is not { } epochs) return setup;
        return setup with { Training = setup.Training with { Epochs = epochs }, Start = plain };
    }

    private static TrainingSetup Recipe(TrainingSetup plain, string method, double beta, double sigma)
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
