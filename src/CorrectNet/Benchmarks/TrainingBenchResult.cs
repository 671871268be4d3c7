namespace CorrectNet.Benchmarks;

/// <summary>
/// <see cref="TrainingBench"/>'s measurement of one model: median milliseconds per step of the plain loop and of the
/// kit's Trainer over <see cref="Steps"/> steps of batch <see cref="Batch"/>; <see cref="Speedup"/>, the median over
/// repetitions of plain time / kit time of the same repetition (&gt; 1: the kit is faster); and
/// <see cref="MaxWeightDifference"/>, the largest |w_kit − w_plain| over all parameters after the last repetition
/// (0: both computed the same training, bit for bit).
/// </summary>
public sealed record TrainingBenchResult(
    string Model, int Steps, int Batch, double PlainMsPerStep, double KitMsPerStep, double Speedup,
    double MaxWeightDifference);
