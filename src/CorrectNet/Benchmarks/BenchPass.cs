namespace CorrectNet.Benchmarks;

/// <summary>One timed pass: wall time in milliseconds and the minor page faults it took (0 where not counted).
/// </summary>
public readonly record struct BenchPass(double Ms, long Faults)
{
    public static BenchPass operator +(BenchPass a, BenchPass b) => new(a.Ms + b.Ms, a.Faults + b.Faults);
}
