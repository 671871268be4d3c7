namespace CorrectNet.Benchmarks;

/// <summary>
/// Median time in milliseconds of torch.mm of two <see cref="Size"/> × <see cref="Size"/> fp32 matrices.
/// </summary>
public sealed record MatrixMultiplyRate(int Size, double Ms)
{
    /// <summary>The machine's fp32 rate in GFLOP/s: 2·n³ floating-point operations in <see cref="Ms"/>.</summary>
    public double Gflops => 2.0 * Math.Pow(Size, 3) / (Ms / 1000) / 1e9;
}
