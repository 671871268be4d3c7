using System.Globalization;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using Microsoft.Data.Analysis;

namespace CorrectNet.Notebooks;

/// <summary>Tables of the pipeline (notebook 07): accuracies in %, energies in nJ per inference, overheads in
/// %.</summary>
public static class PipelineTables
{
    /// <summary>
    /// The headline table, one row per network: clean accuracy; mean accuracy at the evaluation σ of every method on
    /// the
    /// same unseen chips; the pipeline's 95% CI and recovery ratio (pipeline / clean); total ADC energy of reference
    /// and
    /// pipeline hardware and the reduction; the units' overhead in parameters and MACs.
    /// </summary>
    public static DataFrame Headline(IEnumerable<PipelineResult> results)
    {
        var rows = results.ToList();
        DoubleDataFrameColumn Method(string name, string method) => new(name, rows.Select(r => 100 * r[method].Mean));
        return new DataFrame(
            new StringDataFrameColumn("network", rows.Select(r => ModelSetups.DisplayName(r.Model))),
            new StringDataFrameColumn("dataset", rows.Select(r => r.Dataset)),
            new DoubleDataFrameColumn("sigma", rows.Select(r => r.Sigma)),
            new Int32DataFrameColumn("chips", rows.Select(r => r.Unseen.Chips)),
            new DoubleDataFrameColumn("clean_pct", rows.Select(r => 100 * r.CleanAccuracy)),
            Method("plain_pct", PipelineMethods.Plain),
            Method("variation_aware_pct", PipelineMethods.VariationAware),
            Method("suppression_pct", PipelineMethods.Suppression),
            Method("compensation_pct", PipelineMethods.Compensation),
            Method("suppression_quantization_pct", PipelineMethods.SuppressionQuantization),
            Method("pipeline_pct", PipelineMethods.Pipeline),
            new DoubleDataFrameColumn("pipeline_ci95_low_pct",
                rows.Select(r => 100 * r[PipelineMethods.Pipeline].Ci95.Low)),
            new DoubleDataFrameColumn("pipeline_ci95_high_pct",
                rows.Select(r => 100 * r[PipelineMethods.Pipeline].Ci95.High)),
            new DoubleDataFrameColumn("recovery_ratio_pct", rows.Select(r => 100 * r.RecoveryRatio)),
            new DoubleDataFrameColumn("reference_adc_energy_nj",
                rows.Select(r => r.Quantization.ReferenceCost.TotalPicojoules / 1000)),
            new DoubleDataFrameColumn("pipeline_adc_energy_nj",
                rows.Select(r => r.Quantization.ChosenCost.TotalPicojoules / 1000)),
            new DoubleDataFrameColumn("adc_power_reduction_pct", rows.Select(r => r.AdcPowerReductionPct)),
            new StringDataFrameColumn("units_on",
                rows.Select(r => r.Placed.Layers.Count == 0 ? "none" : string.Join(" ", r.Placed.Layers))),
            new DoubleDataFrameColumn("overhead_params_pct", rows.Select(r => r.Overhead?.ParametersPercent ?? 0)),
            new DoubleDataFrameColumn("overhead_macs_pct", rows.Select(r => r.Overhead?.MacsPercent ?? 0)));
    }

    /// <summary>
    /// Per-chip BatchNorm re-estimation (docs/method.md F36a), one row per (network, σ, method): chips and images, mean
    /// accuracy with the trained statistics and re-estimated on every chip, the gain in points and the 95% CI with
    /// re-estimation.
    /// </summary>
    public static DataFrame BatchNormCalibration(
        IEnumerable<(PipelineResult Result, IReadOnlyList<BatchNormCalibrationRow> Rows)> networks)
    {
        var rows = networks.SelectMany(n => n.Rows.Select(r => (n.Result, Row: r))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("network", rows.Select(r => ModelSetups.DisplayName(r.Result.Model))),
            new DoubleDataFrameColumn("sigma", rows.Select(r => r.Row.Sigma)),
            new StringDataFrameColumn("method", rows.Select(r => r.Row.Method)),
            new Int32DataFrameColumn("chips", rows.Select(r => r.Row.Calibrated.Chips)),
            new DoubleDataFrameColumn("trained_bn_pct", rows.Select(r => 100 * r.Row.Trained.Mean)),
            new DoubleDataFrameColumn("per_chip_bn_pct", rows.Select(r => 100 * r.Row.Calibrated.Mean)),
            new DoubleDataFrameColumn("gain_points", rows.Select(r => r.Row.GainPoints)),
            new DoubleDataFrameColumn("per_chip_bn_ci95_low_pct", rows.Select(r => 100 * r.Row.Calibrated.Ci95.Low)),
            new DoubleDataFrameColumn("per_chip_bn_ci95_high_pct",
                rows.Select(r => 100 * r.Row.Calibrated.Ci95.High)));
    }

    /// <summary>Every method at the evaluation σ, one row per (network, method): hardware, mean, CI, worst and best
    /// chip.</summary>
    public static DataFrame Methods(IEnumerable<PipelineResult> results)
    {
        var rows = results.SelectMany(r => r.Methods.Select(m => (Result: r, Method: m))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("network", rows.Select(r => ModelSetups.DisplayName(r.Result.Model))),
            new StringDataFrameColumn("dataset", rows.Select(r => r.Result.Dataset)),
            new StringDataFrameColumn("method", rows.Select(r => r.Method.Method)),
            new StringDataFrameColumn("hardware", rows.Select(r => r.Method.Hardware)),
            new DoubleDataFrameColumn("mean_pct", rows.Select(r => 100 * r.Method.Result.Mean)),
            new DoubleDataFrameColumn("ci95_low_pct", rows.Select(r => 100 * r.Method.Result.Ci95.Low)),
            new DoubleDataFrameColumn("ci95_high_pct", rows.Select(r => 100 * r.Method.Result.Ci95.High)),
            new DoubleDataFrameColumn("min_pct", rows.Select(r => 100 * r.Method.Result.Min)),
            new DoubleDataFrameColumn("max_pct", rows.Select(r => 100 * r.Method.Result.Max)),
            new DoubleDataFrameColumn("of_clean_pct",
                rows.Select(r => r.Result.CleanAccuracy > 0 ? 100 * r.Method.Result.Mean / r.Result.CleanAccuracy : 0)),
            new Int64DataFrameColumn("chip_seed", rows.Select(r => r.Method.Result.Seed)),
            new Int32DataFrameColumn("chips", rows.Select(r => r.Method.Result.Chips)));
    }

    /// <summary>The seed table (docs/method.md F37 "Seeds"): per network and method, the seeds, the mean over seeds
    /// and its spread across them (sample std, lowest and highest seed), in %.</summary>
    public static DataFrame Seeds(PipelineSeedSummary summary)
    {
        var rows = summary.Rows;
        return new DataFrame(
            new StringDataFrameColumn("network", rows.Select(r => ModelSetups.DisplayName(r.Model))),
            new StringDataFrameColumn("dataset", rows.Select(r => r.Dataset)),
            new DoubleDataFrameColumn("sigma", rows.Select(r => r.Sigma)),
            new StringDataFrameColumn("method", rows.Select(r => r.Method)),
            new Int32DataFrameColumn("seeds", rows.Select(r => r.TrainingSeeds.Count)),
            new StringDataFrameColumn("training_seeds", rows.Select(r => string.Join(" ", r.TrainingSeeds))),
            new DoubleDataFrameColumn("mean_pct", rows.Select(r => 100 * r.Mean)),
            new DoubleDataFrameColumn("seed_std_pct", rows.Select(r => 100 * r.Std)),
            new DoubleDataFrameColumn("min_pct", rows.Select(r => 100 * r.Min)),
            new DoubleDataFrameColumn("max_pct", rows.Select(r => 100 * r.Max)));
    }

    /// <summary>What each stage produced: the training stage 1 chose (with every candidate's mean accuracy on the
    /// validation chips, in %), the chosen quantization setting, the placement and its reward, the units'
    /// gain on the placement chips.</summary>
    public static DataFrame Stages(IEnumerable<PipelineResult> results)
    {
        var rows = results.ToList();
        return new DataFrame(
            new StringDataFrameColumn("network", rows.Select(r => ModelSetups.DisplayName(r.Model))),
            new StringDataFrameColumn("dataset", rows.Select(r => r.Dataset)),
            new StringDataFrameColumn("first_stage", rows.Select(r => r.FirstStage.Chosen.Method)),
            new StringDataFrameColumn("first_stage_validation_pct", rows.Select(r => string.Join("; ",
                r.FirstStage.Candidates.Select(c => c.Validation is { } v
                    ? string.Create(CultureInfo.InvariantCulture, $"{c.Method} {100 * v.Mean:F1}")
                    : c.Diverged is null ? c.Method : $"{c.Method} diverged")))),
            new StringDataFrameColumn("suppressed_setup",
                rows.Select(r =>
                $"β = {r.Models.Suppressed.Header.Setup.Training.Lipschitz.Beta}, design σ = " +
                $"{r.Models.Suppressed.Header.Setup.Training.Lipschitz.Sigma}")),
            new DoubleDataFrameColumn("suppressed_test_pct",
                rows.Select(r => 100 * r.Models.Suppressed.Header.History[^1].TestAccuracy)),
            new StringDataFrameColumn("chosen_setting", rows.Select(r => r.Quantization.Search.Chosen.Setting.Key)),
            new Int32DataFrameColumn("settings_evaluated", rows.Select(r => r.Quantization.Search.Evaluations)),
            new StringDataFrameColumn("placement",
                rows.Select(r => r.Placed.Report[PlacementName(r)].Best.Placement.ToString())),
            new DoubleDataFrameColumn("placement_reward",
                rows.Select(r => r.Placed.Report[PlacementName(r)].Best.Reward)),
            new Int32DataFrameColumn("placements_evaluated", rows.Select(r => r.Placed.Report.Evaluations)),
            new DoubleDataFrameColumn("units_before_pct",
                rows.Select(r => r.Placed.Outcome is { } c ? 100 * c.Before.Mean : (double?)null)),
            new DoubleDataFrameColumn("units_after_pct",
                rows.Select(r => r.Placed.Outcome is { } c ? 100 * c.After.Mean : (double?)null)),
            new StringDataFrameColumn("baseline_units_on",
                rows.Select(r => r.Baseline.Layers.Count == 0 ? "none" : string.Join(" ", r.Baseline.Layers))),
            new DoubleDataFrameColumn("seconds", rows.Select(r => r.Seconds)));
    }

    /// <summary>
    /// Per (network, method): the largest σ of the curves up to which the method keeps 95% of the curves' reference
    /// (<see cref="PipelineResult.SigmaKeeping"/>; empty when it misses at the lowest σ).
    /// </summary>
    public static DataFrame Reach(IEnumerable<PipelineResult> results)
    {
        var rows = results.SelectMany(r => PipelineMethods.All.Select(m => (Result: r, Method: m))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("network", rows.Select(r => ModelSetups.DisplayName(r.Result.Model))),
            new StringDataFrameColumn("dataset", rows.Select(r => r.Result.Dataset)),
            new StringDataFrameColumn("method", rows.Select(r => r.Method)),
            new DoubleDataFrameColumn("curve_reference_pct", rows.Select(r => 100 * r.Result.CurveReference)),
            new DoubleDataFrameColumn("keeps_95pct_up_to_sigma", rows.Select(r => r.Result.SigmaKeeping(r.Method))));
    }

    /// <summary>The paper's claims against the measured numbers (<see cref="PipelineClaims.Check"/>), one row per
    /// (claim, network).</summary>
    public static DataFrame Claims(IEnumerable<PipelineResult> results, double maxDrop)
    {
        var rows = results.SelectMany(r => PipelineClaims.Check(r, maxDrop)).OrderBy(c => c.Claim,
            StringComparer.Ordinal).ToList();
        return new DataFrame(
            new StringDataFrameColumn("claim", rows.Select(c => c.Claim)),
            new StringDataFrameColumn("network", rows.Select(c => c.Network)),
            new StringDataFrameColumn("paper", rows.Select(c => c.Paper)),
            new StringDataFrameColumn("measured", rows.Select(c => c.Measured)),
            new BooleanDataFrameColumn("holds", rows.Select(c => c.Holds)));
    }

    private static string PlacementName(PipelineResult result) => result.Placed.Report.Searches[0].Method;
}
