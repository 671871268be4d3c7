using CorrectNet.Compensation;

namespace CorrectNet.Experiments.Caching;

/// <summary>The stored form of a <c>Results.CompensationOutcome</c> (JSON in the result cache, kind
/// "compensation").</summary>
internal sealed record CompensationCacheEntry(
    IReadOnlyList<CompensationSpec> Units,
    IReadOnlyList<double> Before,
    IReadOnlyList<double> After,
    double CleanAccuracy,
    double CompensatedCleanAccuracy,
    double TrainingSeconds);
