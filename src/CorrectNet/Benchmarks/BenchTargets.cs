namespace CorrectNet.Benchmarks;

/// <summary>The kit's speed and memory targets of the Monte-Carlo simulation, as `correctnet bench` checks them.
/// </summary>
public static class BenchTargets
{
    /// <summary>Float-mode chip (UseChip + forward) / clean forward: at most this ratio.</summary>
    public const double FloatRatioLimit = 1.2;

    /// <summary>Monte-Carlo GFLOP/s of VGG-16 / torch.mm GFLOP/s: at least this fraction.</summary>
    public const double ThroughputLimit = 0.5;

    /// <summary>Resident-memory growth from chip 10 to chip 100: at most this fraction.</summary>
    public const double MemoryGrowthLimit = 0.10;

    /// <summary>
    /// Plain hand-written training loop / the kit's Trainer, per step, same recipe and data order: at least this
    /// ratio (issue 16: the kit's training at least 1.5× faster than the plain loop).
    /// </summary>
    public const double TrainingSpeedupLimit = 1.5;

    /// <summary>
    /// Crossbar-mode chip / float-mode chip: at most 1.5 × 2 × slices. Crossbar mode forms one matrix product per
    /// polarity (2) and weight slice where float mode forms one; 1.5 is headroom for the DAC/ADC arithmetic.
    /// </summary>
    public static double CrossbarRatioLimit(int slices) => 1.5 * 2 * slices;

    public static TargetCheck Float(ModelTimings t) =>
        new(t.Model, t.FloatRatio, FloatRatioLimit, AtMost: true);

    public static TargetCheck Crossbar(ModelTimings t) =>
        new(t.Model, t.CrossbarRatio, t.CrossbarTarget, AtMost: true);

    public static TargetCheck ThroughputOf(string model, double ratio) =>
        new(model, ratio, ThroughputLimit, AtMost: false);

    public static TargetCheck Training(TrainingBenchResult r) =>
        new(r.Model, r.Speedup, TrainingSpeedupLimit, AtMost: false);

    public static TargetCheck Memory(string model, MemoryGrowth m) =>
        new(model, m.Growth, MemoryGrowthLimit, AtMost: true);
}
