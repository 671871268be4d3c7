namespace CorrectNet.Benchmarks;

/// <summary>
/// Passes of one model, interleaved per repetition: clean forward, float-mode chip (UseChip, then forward) and, in
/// the first repetitions, crossbar-mode chip. <see cref="MacsPerImage"/>: multiply-accumulates of one image's forward
/// pass; <see cref="Slices"/>: weight slices per cell of the crossbar preset; <see cref="Calibration"/>: ToAnalog with
/// DAC/ADC calibration of the crossbar twin. <see cref="FloatReferenceChip"/> and <see cref="CrossbarReferenceChip"/>:
/// the same chips (UseChip + forward) with the kernels of before the Monte-Carlo speed-up (issue 16,
/// <c>AnalogModel.ReferenceKernels</c>, same results), timed back to back with the fast ones; empty when not measured.
/// </summary>
public sealed record ModelTimings(
    string Model, long MacsPerImage, int Slices, BenchPass Calibration,
    BenchPass[] Clean, BenchPass[] FloatUseChip, BenchPass[] FloatForward, BenchPass[] CrossbarUseChip,
    BenchPass[] CrossbarForward, BenchPass[]? FloatReferenceChip = null, BenchPass[]? CrossbarReferenceChip = null)
{
    /// <summary>
    /// Median over repetitions of reference float chip / fast float chip of the same repetition (NaN if not
    /// measured): the Monte-Carlo speed-up of float mode.
    /// </summary>
    public double FloatSpeedup => Speedup(FloatReferenceChip, FloatChip);

    /// <summary>The same for crossbar-mode chips.</summary>
    public double CrossbarSpeedup => Speedup(CrossbarReferenceChip, CrossbarChip);

    private static double Speedup(BenchPass[]? reference, BenchPass[] fast) =>
        reference is { Length: > 0 } ? BenchMedians.Of(reference.Zip(fast, (r, f) => r.Ms / f.Ms)) : double.NaN;

    public BenchPass[] FloatChip => [.. FloatUseChip.Zip(FloatForward, (a, b) => a + b)];

    public BenchPass[] CrossbarChip => [.. CrossbarUseChip.Zip(CrossbarForward, (a, b) => a + b)];

    /// <summary>Median over repetitions of (UseChip + forward) / clean forward of the same repetition.</summary>
    public double FloatRatio => BenchMedians.Of(FloatChip.Zip(Clean, (c, d) => c.Ms / d.Ms));

    /// <summary>
    /// Median over repetitions of crossbar chip / float chip of the same repetition (the first ones pair).
    /// </summary>
    public double CrossbarRatio => BenchMedians.Of(CrossbarChip.Zip(FloatChip, (x, f) => x.Ms / f.Ms));

    public double CrossbarTarget => BenchTargets.CrossbarRatioLimit(Slices);

    /// <summary>
    /// Simulated fp32 rate of the float-mode chip in GFLOP/s: 2 FLOP per MAC over <paramref name="images"/> images in
    /// the median float-chip time.
    /// </summary>
    public double FloatChipGflops(int images) =>
        2.0 * MacsPerImage * images / (BenchMedians.Ms(FloatChip) / 1000) / 1e9;
}
