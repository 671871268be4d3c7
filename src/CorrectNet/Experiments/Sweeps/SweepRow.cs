using CorrectNet.Evaluation;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// One row of a sweep's table: a cell at one σ. Accuracies are fractions in [0, 1] over the chips; the CI is the 95%
/// Student-t interval of the mean cut to [0, 1]; energy in pJ per inference. Only numbers that the cell determines
/// appear here (no timings, paths or hosts), so the table of a grid is the same however it was sharded.
/// </summary>
public sealed record SweepRow(
    int CellIndex,
    string CellId,
    string Model,
    string Dataset,
    string Method,
    long Seed,
    double Sigma,
    string Preset,
    int Chips,
    long ChipSeed,
    double? TrainedTestAccuracy,
    double CleanAccuracy,
    double MeanAccuracy,
    double StdAccuracy,
    double Ci95Low,
    double Ci95High,
    double MinAccuracy,
    double P5Accuracy,
    double MedianAccuracy,
    double P95Accuracy,
    double MaxAccuracy,
    double? AdcEnergyPj)
{
    public static SweepRow Of(SweepCell cell, SweepTrainingSummary? training, SweepSigmaResult result)
    {
        var mc = new MonteCarloResult(cell.Method, result.ChipSeed, result.FirstChip, result.ChipAccuracies,
            result.CleanAccuracy, result.AdcEnergyPicojoules);
        var (low, high) = mc.Ci95;
        return new SweepRow(cell.Index, cell.Id, cell.Model, cell.Dataset, cell.Method, cell.Seed, result.Sigma,
            cell.Preset,
            mc.Chips, result.ChipSeed, training?.TestAccuracy, mc.CleanAccuracy, mc.Mean, mc.Std, low, high,
            mc.Min, mc.P5, mc.Median, mc.P95, mc.Max, mc.AdcEnergyPicojoules);
    }
}
