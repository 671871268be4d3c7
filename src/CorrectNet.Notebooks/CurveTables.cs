using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Results;
using Microsoft.Data.Analysis;

namespace CorrectNet.Notebooks;

/// <summary>Tables of sweeps, error curves and ADC energies (accuracies in %, energies in nJ per inference).</summary>
public static class CurveTables
{
    /// <summary>One row per point: the setting, the chips, and the statistics of docs/method.md F36.</summary>
    public static DataFrame Results(IEnumerable<CurvePoint> points)
    {
        var p = points.ToList();
        return new DataFrame(
            new StringDataFrameColumn("series", p.Select(x => Ascii(x.Series))),
            new StringDataFrameColumn("setting", p.Select(x => Ascii(x.Setting))),
            new DoubleDataFrameColumn("x", p.Select(x => x.X)),
            new DoubleDataFrameColumn("sigma", p.Select(x => x.Sigma)),
            new Int32DataFrameColumn("chips", p.Select(x => x.Result.Chips)),
            new DoubleDataFrameColumn("clean_accuracy_pct", p.Select(x => 100 * x.Result.CleanAccuracy)),
            new DoubleDataFrameColumn("mean_accuracy_pct", p.Select(x => 100 * x.Result.Mean)),
            new DoubleDataFrameColumn("std_pct", p.Select(x => 100 * x.Result.Std)),
            new DoubleDataFrameColumn("ci95_low_pct", p.Select(x => 100 * x.Result.Ci95.Low)),
            new DoubleDataFrameColumn("ci95_high_pct", p.Select(x => 100 * x.Result.Ci95.High)),
            new DoubleDataFrameColumn("p5_pct", p.Select(x => 100 * x.Result.P5)),
            new DoubleDataFrameColumn("median_pct", p.Select(x => 100 * x.Result.Median)),
            new DoubleDataFrameColumn("p95_pct", p.Select(x => 100 * x.Result.P95)),
            new DoubleDataFrameColumn("min_pct", p.Select(x => 100 * x.Result.Min)),
            new DoubleDataFrameColumn("max_pct", p.Select(x => 100 * x.Result.Max)),
            new DoubleDataFrameColumn("adc_energy_nj", p.Select(x => x.Result.AdcEnergyPicojoules / 1000)));
    }

    /// <summary>Mean accuracy (%) per x value (rows) and series (columns): the figure's lines side by side.</summary>
    public static DataFrame MeanBySeries(IEnumerable<CurvePoint> points, string xName = "sigma")
    {
        var p = points.ToList();
        var xs = p.Select(x => x.X).Distinct().Order().ToList();
        var columns = new List<DataFrameColumn> { new DoubleDataFrameColumn(xName, xs) };
        foreach (var series in p.GroupBy(x => x.Series))
        {
            var byX = series.GroupBy(x => x.X).ToDictionary(g => g.Key, g => g.First());
            columns.Add(new DoubleDataFrameColumn($"{Ascii(series.Key)} mean %", xs.Select(x => byX.TryGetValue(x,
                out var q) ? 100 * q.Result.Mean : (double?)null)));
            columns.Add(new DoubleDataFrameColumn($"{Ascii(series.Key)} +/-95% CI", xs.Select(x => byX.TryGetValue(x,
                out var q) ? 100 * (q.Result.Ci95.High - q.Result.Mean) : (double?)null)));
        }
        return new DataFrame(columns);
    }

    /// <summary>One row per (curve, layer): e_l and its growth e_l / e_1 over the first analog layer.</summary>
    public static DataFrame LayerErrors(IReadOnlyDictionary<string, IReadOnlyList<LayerError>> curves)
    {
        var rows = curves.SelectMany(c => c.Value.Select(e => (Curve: c.Key, Error: e,
            First: c.Value[0].RelativeError))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("curve", rows.Select(r => Ascii(r.Curve))),
            new Int32DataFrameColumn("depth", rows.Select(r => r.Error.Depth)),
            new StringDataFrameColumn("layer", rows.Select(r => r.Error.Layer)),
            new DoubleDataFrameColumn("relative_error", rows.Select(r => r.Error.RelativeError)),
            new DoubleDataFrameColumn("growth_vs_layer_1",
                rows.Select(r => r.First > 0 ? r.Error.RelativeError / r.First : double.NaN)));
    }

    /// <summary>One row per (setting, layer): ADC bits, conversions, energy and the layer's share of the setting's
    /// total.</summary>
    public static DataFrame AdcEnergy(IReadOnlyDictionary<string, IReadOnlyList<AdcLayerEnergy>> bySetting)
    {
        var rows = bySetting.SelectMany(s => s.Value.Select(l => (Setting: s.Key, Layer: l,
            Total: s.Value.Sum(v => v.Picojoules)))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("setting", rows.Select(r => Ascii(r.Setting))),
            new StringDataFrameColumn("layer", rows.Select(r => r.Layer.Layer)),
            new Int32DataFrameColumn("adc_bits", rows.Select(r => r.Layer.AdcBits)),
            new Int64DataFrameColumn("conversions", rows.Select(r => r.Layer.Conversions)),
            new DoubleDataFrameColumn("energy_nj", rows.Select(r => r.Layer.Picojoules / 1000)),
            new DoubleDataFrameColumn("share_pct",
                rows.Select(r => r.Total > 0 ? 100 * r.Layer.Picojoules / r.Total : 0)));
    }

    /// <summary>One row per network of a σ sweep: clean accuracy, where it loses 10% and 50% of it, and what is left at
    /// the highest σ.</summary>
    public static DataFrame Summaries(IEnumerable<VariationSummary> summaries)
    {
        var s = summaries.ToList();
        return new DataFrame(
            new StringDataFrameColumn("network", s.Select(x => Ascii(x.Series))),
            new DoubleDataFrameColumn("clean_accuracy_pct", s.Select(x => 100 * x.CleanAccuracy)),
            new DoubleDataFrameColumn("sigma_at_90pct_retained", s.Select(x => x.SigmaAt90PercentRetained)),
            new DoubleDataFrameColumn("sigma_at_50pct_retained", s.Select(x => x.SigmaAtHalfRetained)),
            new DoubleDataFrameColumn("highest_sigma", s.Select(x => x.HighestSigma)),
            new DoubleDataFrameColumn("mean_at_highest_sigma_pct", s.Select(x => 100 * x.MeanAtHighestSigma)),
            new DoubleDataFrameColumn("worst_chip_at_highest_sigma_pct",
                s.Select(x => 100 * x.WorstChipAtHighestSigma)));
    }

    /// <summary>
    /// Total ADC energy per setting (nJ per inference) and its ratio to the energy of the series' point whose hardware
    /// is
    /// <paramref name="baseline"/> (NaN when the series has no such point).
    /// </summary>
    public static DataFrame EnergyTotals(IEnumerable<CurvePoint> points, CrossbarConfig baseline)
    {
        var p = points.Where(x => x.Result.AdcEnergyPicojoules is not null).ToList();
        string reference = JsonFormat.Serialize(baseline);
        var baselineBySeries = p.Where(x => JsonFormat.Serialize(x.Config) == reference)
            .GroupBy(x => x.Series).ToDictionary(g => g.Key, g => g.First().Result.AdcEnergyPicojoules!.Value);
        return new DataFrame(
            new StringDataFrameColumn("series", p.Select(x => Ascii(x.Series))),
            new StringDataFrameColumn("setting", p.Select(x => Ascii(x.Setting))),
            new DoubleDataFrameColumn("adc_energy_nj", p.Select(x => x.Result.AdcEnergyPicojoules!.Value / 1000)),
            new DoubleDataFrameColumn("relative_to_baseline", p.Select(x =>
                baselineBySeries.TryGetValue(x.Series,
                    out double b) ? x.Result.AdcEnergyPicojoules!.Value / b : double.NaN)));
    }

    /// <summary>
    /// Plain-ASCII text for table cells: the CSV export writes ASCII, so σ would become '?'. σ → "sigma", ± → "+/-",
    /// × → "x", other non-ASCII characters → '?'.
    /// </summary>
    private static string Ascii(string text) => new(text
        .Replace("σ", "sigma").Replace("±", "+/-").Replace("×", "x").Replace("θ", "theta").Replace("–",
            "-").Replace("≈", "~")
        .Select(c => c < 128 ? c : '?').ToArray());
}
