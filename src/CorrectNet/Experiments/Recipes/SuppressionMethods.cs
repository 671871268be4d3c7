using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Profiles;
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
    /// <paramref name="fineTuneEpochs"/>, the variation-aware methods fine-tune the same recipe trained without chips
    /// (variation-aware: plain; enhanced + variation-aware: enhanced) for that many epochs (docs/method.md F5c); null,
    /// or any other method = from fresh weights for the plain setup's epochs.
    /// </summary>
    public static TrainingSetup Apply(TrainingSetup plain, string method, double beta, double sigma,
        int? fineTuneEpochs = null)
    {
        var setup = Recipe(plain, method, beta, sigma);
        if (fineTuneEpochs is not { } epochs || setup.Training.VariationAware is null) return setup;
        var withoutChips = setup with { Training = setup.Training with { VariationAware = null } };
        return setup with { Training = setup.Training with { Epochs = epochs }, Start = withoutChips };
    }

    /// <summary>
    /// The setup every notebook and recipe trains <paramref name="method"/> with under <paramref name="profile"/>: the
    /// profile's plain training (<see cref="ModelSetups.ProfileTraining"/>) changed by <see cref="Apply"/>, with the
    /// profile's fine-tuning (<see cref="TrainingBudget.FineTuneEpochsFor"/>). One place, so the same method is one
    /// cache entry wherever it is asked for. <paramref name="seed"/> is the training seed (weights, shuffling).
    /// </summary>
    public static TrainingSetup ForProfile(string model, string dataset, DatasetSplits data,
        ExperimentProfile profile, string method, double beta, double sigma, long seed = 1) =>
        Apply(ModelSetups.ProfileTraining(model, dataset, data, profile, seed), method, beta, sigma,
            profile.Training.FineTuneEpochsFor(model));

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
