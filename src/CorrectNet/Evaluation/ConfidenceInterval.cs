namespace CorrectNet.Evaluation;

/// <summary>
/// Two-sided 95% confidence interval of a mean from n samples: mean ± t(0.975, n−1) · s / √n (docs/method.md F36).
/// </summary>
public static class ConfidenceInterval
{
    // t(0.975, df) for df = 1…30; beyond, the Cornish–Fisher expansion around z = 1.959964 (error < 1e-4).
    private static readonly double[] T975 =
    [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];

    public static double StudentT975(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
            throw new ArgumentOutOfRangeException(
                nameof(degreesOfFreedom), degreesOfFreedom, "Needs at least 1 degree of freedom.");
        if (degreesOfFreedom <= T975.Length) return T975[degreesOfFreedom - 1];
        const double z = 1.959963985;
        double v = degreesOfFreedom;
        return z + (z * z * z + z) / (4 * v) + (5 * Math.Pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
    }

    /// <summary>(low, high); for a single sample both equal the value.</summary>
    public static (double Low, double High) Of(IReadOnlyList<double> samples)
    {
        int n = samples.Count;
        if (n == 0) throw new ArgumentException("No samples.", nameof(samples));
        double mean = samples.Average();
        if (n == 1) return (mean, mean);
        double half = StudentT975(n - 1) * Statistics.StandardDeviation(samples) / Math.Sqrt(n);
        return (mean - half, mean + half);
    }
}
