namespace CorrectNet.Benchmarks;

/// <summary>
/// Median training-step times in milliseconds without and with the enhanced Lipschitz penalty, and the median over
/// repetitions of their per-repetition ratio (not the ratio of the medians).
/// </summary>
public sealed record PenaltyBenchResult(string Model, double PlainMs, double PenaltyMs, double Ratio);
