
namespace CorrectNet.Experiments.Results;

/// <summary>
/// How one network's accuracy falls with σ, read off a σ sweep (accuracies as fractions):
/// the variation-free accuracy, the mean at a given σ, and the σ at which the mean drops to a fraction of the
/// variation-free accuracy (linear interpolation between grid points; null when it never drops that far).
/// </summary>
public sealed record VariationSummary(
    string Series,
    double CleanAccuracy,
    double HighestSigma,
    double MeanAtHighestSigma,
    double WorstChipAtHighestSigma,
    double? SigmaAt90PercentRetained,
    double? SigmaAtHalfRetained)
{
    /// <summary>One summary per series of a σ sweep (x = σ).</summary>
    public static IReadOnlyList<VariationSummary> Of(IEnumerable<CurvePoint> points) =>
        points.GroupBy(p => p.Series).Select(series =>
        {
            var ordered = series.OrderBy(p => p.X).ToArray();
            double clean = ordered[0].Result.CleanAccuracy;
            var last = ordered[^1];
            return new VariationSummary(series.Key, clean, last.X, last.Result.Mean, last.Result.Min,
                SigmaWhereRetained(ordered, clean, 0.9), SigmaWhereRetained(ordered, clean, 0.5));
        }).ToList();

    /// <summary>Mean accuracy at σ = <paramref name="sigma"/> (the grid point nearest to it).</summary>
    public static double MeanAt(IEnumerable<CurvePoint> series, double sigma) =>
        series.OrderBy(p => Math.Abs(p.X - sigma)).First().Result.Mean;

    /// <summary>The first σ where mean / clean falls to <paramref name="fraction"/>, interpolated linearly between grid
    /// points.</summary>
    private static double? SigmaWhereRetained(CurvePoint[] ordered, double clean, double fraction)
    {
        double target = fraction * clean;
        for (int i = 0; i < ordered.Length; i++)
        {
            double mean = ordered[i].Result.Mean;
            if (mean > target) continue;
            if (i == 0) return ordered[0].X;
            double x0 = ordered[i - 1].X, y0 = ordered[i - 1].Result.Mean;
            return x0 + (ordered[i].X - x0) * (y0 - target) / (y0 - mean);
        }
        return null;
    }
}
