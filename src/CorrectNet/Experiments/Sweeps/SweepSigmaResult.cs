
namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// The Monte-Carlo result of one cell at one σ: accuracy of every chip (fractions), the ideal-hardware accuracy, ADC
/// energy in pJ per inference (null without ADC). A σ without randomness reports one chip. <see cref="Seconds"/> and
/// <see cref="FromCache"/> describe this run only and are not part of the numbers.
/// </summary>
public sealed record SweepSigmaResult(
    double Sigma,
    IReadOnlyList<double> ChipAccuracies,
    double CleanAccuracy,
    double? AdcEnergyPicojoules,
    long ChipSeed,
    long FirstChip,
    double Seconds = 0,
    bool FromCache = false)
{
    /// <summary>Whether the numbers (σ, chips, accuracies, energy) equal those of <paramref name="other"/>, bit for
    /// bit.</summary>
    public bool SameNumbers(SweepSigmaResult other) =>
        Sigma.Equals(other.Sigma) && CleanAccuracy.Equals(other.CleanAccuracy) && Nullable.Equals(AdcEnergyPicojoules,
            other.AdcEnergyPicojoules)
        && ChipSeed == other.ChipSeed && FirstChip == other.FirstChip
            && ChipAccuracies.SequenceEqual(other.ChipAccuracies);
}
