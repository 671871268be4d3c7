using CorrectNet.Compensation;

namespace CorrectNet.Experiments;

/// <summary>The stored form of a <see cref="CompensationOutcome"/> (JSON in the result cache, kind "compensation").</summary>
internal sealed record CompensationCacheEntry(
    IReadOnlyList<CompensationSpec> Units,
    IReadOnlyList<double> Before,
    IReadOnlyList<double> After,
    double CleanAccuracy,
    double CompensatedCleanAccuracy,
    double TrainingSeconds);
