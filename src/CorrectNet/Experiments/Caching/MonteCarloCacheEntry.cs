namespace CorrectNet.Experiments.Caching;

/// <summary>What the result cache stores for one Monte-Carlo evaluation (kind "montecarlo", JSON).</summary>
internal sealed record MonteCarloCacheEntry(
    long Seed,
    long FirstChip,
    IReadOnlyList<double> ChipAccuracies,
    double CleanAccuracy,
    double? AdcEnergyPicojoules,
    double Seconds);
