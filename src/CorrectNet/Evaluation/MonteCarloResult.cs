namespace CorrectNet.Evaluation;

/// <summary>
/// Accuracy of one model on N sampled chips (fractions in [0, 1]). Chips are <see cref="FirstChip"/> …
/// FirstChip + N − 1 of <see cref="Seed"/>; the CI is the 95% Student-t interval of the mean, cut to [0, 1]
/// (an accuracy cannot leave it, though the symmetric interval of a few chips near 0 or 1 can).
/// </summary>
public sealed record MonteCarloResult(
    string Label,
    long Seed,
    long FirstChip,
    IReadOnlyList<double> ChipAccuracies,
    double CleanAccuracy,
    double? AdcEnergyPicojoules)
{
    public int Chips => ChipAccuracies.Count;
    public double Mean => ChipAccuracies.Average();
    public double Std => Statistics.StandardDeviation(ChipAccuracies);
    public double Min => ChipAccuracies.Min();
    public double Max => ChipAccuracies.Max();
    public double P5 => Statistics.Percentile(ChipAccuracies, 5);
    public double Median => Statistics.Percentile(ChipAccuracies, 50);
    public double P95 => Statistics.Percentile(ChipAccuracies, 95);
    public (double Low, double High) Ci95
    {
        get
        {
            var (low, high) = ConfidenceInterval.Of(ChipAccuracies);
            return (Math.Max(0, low), Math.Min(1, high));
        }
    }
}
