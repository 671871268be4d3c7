namespace CorrectNet.Benchmarks;

/// <summary>
/// One ADC conversion pass over <see cref="Elements"/> partial sums, ⌊v + σ·z⌋ clamped, with z drawn two ways,
/// interleaved per repetition: libtorch's sequential normal_ into reused memory followed by add_, floor_ and clamp_
/// (the kit's conversion before the counter-based sampler), and <see cref="Crossbar.NormalStream.AddFloorClamp"/>
/// (one pass, docs/method.md F35).
/// </summary>
public sealed record AdcNoiseTimings(long Elements, BenchPass[] Libtorch, BenchPass[] Stream)
{
    /// <summary>Median over repetitions of libtorch's time / the stream's time of the same repetition.</summary>
    public double Speedup => BenchMedians.Of(Libtorch.Zip(Stream, (t, s) => t.Ms / s.Ms));

    /// <summary>Median nanoseconds per conversion of each.</summary>
    public double LibtorchNs => BenchMedians.Ms(Libtorch) * 1e6 / Elements;

    public double StreamNs => BenchMedians.Ms(Stream) * 1e6 / Elements;
}
