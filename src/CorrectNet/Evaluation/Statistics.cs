namespace CorrectNet.Evaluation;

/// <summary>Sample statistics of Monte-Carlo results.</summary>
public static class Statistics
{
    /// <summary>Sample standard deviation (n − 1 in the denominator); 0 for one sample.</summary>
    public static double StandardDeviation(IReadOnlyList<double> samples)
    {
        if (samples.Count < 2) return 0;
        double mean = samples.Average();
        return Math.Sqrt(samples.Sum(x => (x - mean) * (x - mean)) / (samples.Count - 1));
    }

    /// <summary>Percentile p ∈ [0, 100] by linear interpolation between order statistics.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        if (samples.Count == 0) throw new ArgumentException("No samples.", nameof(samples));
        var sorted = samples.Order().ToArray();
        double position = Math.Clamp(p, 0, 100) / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
