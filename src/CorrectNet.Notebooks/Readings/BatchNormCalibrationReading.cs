using CorrectNet.Experiments.Results;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 07's BatchNorm calibration section (docs/method.md F36a), computed from the run: per σ,
/// each method with its trained statistics and re-estimated on every chip, and whether the calibrated pipeline leads
/// the calibrated baselines. Accuracies are fractions.
/// </summary>
public static class BatchNormCalibrationReading
{
    public static IReadOnlyList<string> Lines(string network, IReadOnlyList<BatchNormCalibrationRow> rows)
    {
        if (rows.Count == 0) return [$"{network}: no BatchNorm layers, so nothing to re-estimate."];
        var lines = new List<string>();
        foreach (var group in rows.GroupBy(r => r.Sigma))
        {
            var changes = group.Select(r => $"{r.Method} {Percent(r.Trained.Mean)} → {Percent(r.Calibrated.Mean)} "
                                            + $"({Points(r.Calibrated.Mean - r.Trained.Mean)})");
            var best = group.MaxBy(r => r.Calibrated.Mean)!;
            var pipeline = group.FirstOrDefault(r => r.Method == PipelineMethods.Pipeline);
            string lead = pipeline is null ? ""
                : ReferenceEquals(best, pipeline)
                    ? "; with re-estimation the pipeline leads."
                    : $"; with re-estimation {best.Method} leads, "
                      + $"{PointsApart(best.Calibrated.Mean - pipeline.Calibrated.Mean)} above the pipeline.";
            lines.Add($"{network} at {Sigma(group.Key)} ({group.First().Calibrated.Chips} chips): "
                      + string.Join(", ", changes) + lead);
        }
        return lines;
    }
}
