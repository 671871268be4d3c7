using CorrectNet.Compensation;

namespace CorrectNet.Experiments.Caching;

/// <summary>
/// Everything a cached evaluation of a compensated model depends on: the units and the base model's evaluation.
/// </summary>
[CacheKeyName("CorrectNet.Experiments.CompensatedEvaluationKey")]
internal sealed record CompensatedEvaluationKey(
    string Compensation,
    IReadOnlyList<CompensationSpec> Units,
    MonteCarloCacheKey Evaluation);
