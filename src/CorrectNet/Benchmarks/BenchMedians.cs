using CorrectNet.Evaluation;

namespace CorrectNet.Benchmarks;

/// <summary>Medians (the 50th percentile, interpolated for an even count) of timed passes.</summary>
public static class BenchMedians
{
    public static double Of(IEnumerable<double> values) => Statistics.Percentile(values.ToArray(), 50);

    /// <summary>Median wall time in milliseconds.</summary>
    public static double Ms(IEnumerable<BenchPass> passes) => Of(passes.Select(p => p.Ms));

    /// <summary>Median page faults, rounded toward zero (an even count may fall between two).</summary>
    public static long Faults(IEnumerable<BenchPass> passes) => (long)Of(passes.Select(p => (double)p.Faults));

    /// <summary>Median time and median faults, each on its own (they need not come from the same pass).</summary>
    public static BenchPass Pass(IReadOnlyCollection<BenchPass> passes) => new(Ms(passes), Faults(passes));
}
