using CorrectNet.Experiments.Results;
using CorrectNet.Placement;
using Microsoft.Data.Analysis;

namespace CorrectNet.Notebooks;

/// <summary>Tables of error compensation (docs/method.md F27–F29): accuracies in %, overheads in % of the base
/// network.</summary>
public static class CompensationTables
{
    /// <summary>One row per analog layer: shape, parameter and MAC share of the base network, sensitivity (accuracy
    /// points) and default unit width.</summary>
    public static DataFrame Sensitivities(IReadOnlyList<PlacementSite> sites)
    {
        double parameters = Math.Max(1, sites.Sum(s => s.Profile.Parameters)), macs = Math.Max(1,
            sites.Sum(s => s.Profile.Macs));
        return new DataFrame(
            new StringDataFrameColumn("layer", sites.Select(s => s.Name)),
            new Int64DataFrameColumn("in_channels", sites.Select(s => s.Profile.InChannels)),
            new Int64DataFrameColumn("out_channels", sites.Select(s => s.Profile.OutChannels)),
            new DoubleDataFrameColumn("parameter_share_pct",
                sites.Select(s => 100.0 * s.Profile.Parameters / parameters)),
            new DoubleDataFrameColumn("mac_share_pct", sites.Select(s => 100.0 * s.Profile.Macs / macs)),
            new DoubleDataFrameColumn("sensitivity_points", sites.Select(s => 100 * s.Sensitivity)),
            new Int32DataFrameColumn("unit_width", sites.Select(s => s.DefaultWidth)));
    }

    /// <summary>
    /// One row per compensation configuration (name → outcome): units, mean accuracy before and after on the same
    /// unseen
    /// chips with the 95% CI after, the gain, after / clean, extra parameters, MACs and storage, training seconds.
    /// </summary>
    public static DataFrame Outcomes(IReadOnlyDictionary<string, CompensationOutcome> outcomes)
    {
        var rows = outcomes.ToList();
        return new DataFrame(
            new StringDataFrameColumn("configuration", rows.Select(r => r.Key)),
            new Int32DataFrameColumn("units", rows.Select(r => r.Value.Units.Count)),
            new StringDataFrameColumn("layers", rows.Select(r => string.Join("+", r.Value.Units.Select(u => u.Layer)))),
            new Int32DataFrameColumn("chips", rows.Select(r => r.Value.After.Chips)),
            new DoubleDataFrameColumn("clean_pct", rows.Select(r => 100 * r.Value.Before.CleanAccuracy)),
            new DoubleDataFrameColumn("before_pct", rows.Select(r => 100 * r.Value.Before.Mean)),
            new DoubleDataFrameColumn("after_pct", rows.Select(r => 100 * r.Value.After.Mean)),
            new DoubleDataFrameColumn("after_ci95_low_pct", rows.Select(r => 100 * r.Value.After.Ci95.Low)),
            new DoubleDataFrameColumn("after_ci95_high_pct", rows.Select(r => 100 * r.Value.After.Ci95.High)),
            new DoubleDataFrameColumn("gain_points",
                rows.Select(r => 100 * (r.Value.After.Mean - r.Value.Before.Mean))),
            new DoubleDataFrameColumn("after_over_clean_pct", rows.Select(r => 100 * r.Value.AfterRatio)),
            new DoubleDataFrameColumn("extra_params_pct", rows.Select(r => r.Value.Cost.ParametersPercent)),
            new DoubleDataFrameColumn("extra_macs_pct", rows.Select(r => r.Value.Cost.MacsPercent)),
            new DoubleDataFrameColumn("extra_storage_pct", rows.Select(r => r.Value.Cost.StoragePercent)),
            new DoubleDataFrameColumn("training_seconds", rows.Select(r => r.Value.TrainingSeconds)));
    }

    /// <summary>Per unseen chip: accuracy before and after compensation (same chip, paired), and the
    /// difference.</summary>
    public static DataFrame Chips(CompensationOutcome outcome)
    {
        var before = outcome.Before.ChipAccuracies;
        var after = outcome.After.ChipAccuracies;
        return new DataFrame(
            new Int64DataFrameColumn("chip", before.Select((_, k) => outcome.Before.FirstChip + k)),
            new DoubleDataFrameColumn("before_pct", before.Select(a => 100 * a)),
            new DoubleDataFrameColumn("after_pct", after.Select(a => 100 * a)),
            new DoubleDataFrameColumn("gain_points", before.Select((b, k) => 100 * (after[k] - b))));
    }

    /// <summary>One row per σ: mean before/after (95% CI after) of one configuration on the unseen chips.</summary>
    public static DataFrame BySigma(IReadOnlyList<(double Sigma, CompensationOutcome Outcome)> points) =>
        new(
            new DoubleDataFrameColumn("sigma", points.Select(p => p.Sigma)),
            new DoubleDataFrameColumn("clean_pct", points.Select(p => 100 * p.Outcome.Before.CleanAccuracy)),
            new DoubleDataFrameColumn("before_pct", points.Select(p => 100 * p.Outcome.Before.Mean)),
            new DoubleDataFrameColumn("before_ci95_low_pct", points.Select(p => 100 * p.Outcome.Before.Ci95.Low)),
            new DoubleDataFrameColumn("before_ci95_high_pct", points.Select(p => 100 * p.Outcome.Before.Ci95.High)),
            new DoubleDataFrameColumn("after_pct", points.Select(p => 100 * p.Outcome.After.Mean)),
            new DoubleDataFrameColumn("after_ci95_low_pct", points.Select(p => 100 * p.Outcome.After.Ci95.Low)),
            new DoubleDataFrameColumn("after_ci95_high_pct", points.Select(p => 100 * p.Outcome.After.Ci95.High)),
            new DoubleDataFrameColumn("gain_points",
                points.Select(p => 100 * (p.Outcome.After.Mean - p.Outcome.Before.Mean))),
            new Int32DataFrameColumn("chips", points.Select(p => p.Outcome.After.Chips)));
}
