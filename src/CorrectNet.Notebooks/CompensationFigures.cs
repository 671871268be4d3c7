using Chart = Plotly.NET.CSharp.Chart;
using CorrectNet.Experiments.Results;
using CorrectNet.Placement;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>Figures of error compensation (docs/method.md F27–F30): sensitivity, accuracy per configuration, accuracy
/// against overhead, before/after.</summary>
public static class CompensationFigures
{
    /// <summary>Bars: sensitivity of every analog layer (accuracy points lost when only that layer varies).</summary>
    public static GenericChart Sensitivity(IReadOnlyList<PlacementSite> sites, double sigma, string title) =>
        BandChart.Titled(Chart.Column<double, string, string>(sites.Select(s => 100 * s.Sensitivity),
            Keys: sites.Select(s => s.Name).ToArray(),
                Name: "sensitivity", MarkerColor: BandChart.LineColor(0)), title)
            .WithXAxisStyle<string, string, string>(TitleText: "analog layer (only this one varies)")
            .WithYAxisStyle<double, double, string>(TitleText: $"accuracy drop at σ = {sigma} (points)");

    /// <summary>Grouped bars per configuration: mean accuracy (%) on the unseen chips before and after compensation,
    /// the clean accuracy as a dashed line.</summary>
    public static GenericChart BeforeAfter(IReadOnlyDictionary<string, CompensationOutcome> outcomes, string title)
    {
        var names = outcomes.Keys.ToArray();
        var before = Chart.Column<double, string, string>(outcomes.Values.Select(o => 100 * o.Before.Mean),
            Keys: names, Name: "before (no units)",
            MarkerColor: BandChart.LineColor(7));
        var after = Chart.Column<double, string, string>(outcomes.Values.Select(o => 100 * o.After.Mean), Keys: names,
            Name: "after compensation",
            MarkerColor: BandChart.LineColor(0), MultiText: outcomes.Values.Select(o =>
                $"95% CI {100 * o.After.Ci95.Low:F1}–{100 * o.After.Ci95.High:F1}%").ToArray());
        double clean = 100 * outcomes.Values.First().Before.CleanAccuracy;
        var cleanLine = Chart.Line<string, double, string>([names[0], names[^1]], [clean, clean],
            Name: "clean (no variation)",
            LineColor: BandChart.LineColor(3), LineDash: StyleParam.DrawingStyle.Dash);
        return BandChart.Titled(Chart.Combine([before, after, cleanLine]), title)
            .WithXAxisStyle<string, string, string>(TitleText: "units on")
            .WithYAxisStyle<double, double, string>(TitleText: "mean accuracy on unseen chips (%)");
    }

    /// <summary>Points: accuracy after compensation (%) against the extra MACs (% of the base network), one per
    /// configuration, labelled.</summary>
    public static GenericChart AccuracyVsOverhead(IReadOnlyDictionary<string, CompensationOutcome> outcomes,
        string title)
    {
        var chart = Chart.Scatter<double, double, string>(outcomes.Values.Select(o => o.Cost.MacsPercent),
            outcomes.Values.Select(o => 100 * o.After.Mean),
            StyleParam.Mode.Markers_Text, Name: "configurations", MultiText: outcomes.Keys.ToArray());
        return BandChart.Titled(chart, title)
            .WithXAxisStyle<double, double, string>(TitleText: "extra MACs (% of the base network)")
            .WithYAxisStyle<double, double, string>(TitleText: "mean accuracy on unseen chips after compensation (%)");
    }

    /// <summary>Lines with 95% CI bands over σ: mean accuracy before and after compensation on unseen chips.</summary>
    public static GenericChart BySigma(IReadOnlyList<(double Sigma, CompensationOutcome Outcome)> points, string title)
    {
        var x = points.Select(p => p.Sigma).ToArray();
        var traces = BandChart.Series(0, "before (no units)", x, [.. points.Select(p => 100 * p.Outcome.Before.Mean)],
                [.. points.Select(p => 100 * p.Outcome.Before.Ci95.Low)], [.. points.Select(p =>
                    100 * p.Outcome.Before.Ci95.High)], 0, 100)
            .Concat(BandChart.Series(2, "after compensation", x, [.. points.Select(p => 100 * p.Outcome.After.Mean)],
                [.. points.Select(p => 100 * p.Outcome.After.Ci95.Low)], [.. points.Select(p =>
                    100 * p.Outcome.After.Ci95.High)], 0, 100));
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: "σ of the lognormal device variation")
            .WithYAxisStyle<double, double, string>(TitleText: "mean accuracy on unseen chips (%)");
    }

    /// <summary>Per unseen chip: accuracy before (x) against after (y) compensation, with the diagonal "no
    /// change".</summary>
    public static GenericChart PerChip(CompensationOutcome outcome, string title)
    {
        var before = outcome.Before.ChipAccuracies.Select(a => 100 * a).ToArray();
        var after = outcome.After.ChipAccuracies.Select(a => 100 * a).ToArray();
        var chips = chipLabels(outcome);
        double low = Math.Min(before.Min(), after.Min()), high = Math.Max(before.Max(), after.Max());
        var points = Chart.Point<double, double, string>(before, after, Name: "chips",
            MarkerColor: BandChart.LineColor(0), MultiText: chips);
        var diagonal = Chart.Line<double, double, string>([low, high], [low, high], Name: "no change",
            LineColor: BandChart.LineColor(7),
            LineDash: StyleParam.DrawingStyle.Dash);
        return BandChart.Titled(Chart.Combine([points, diagonal]), title)
            .WithXAxisStyle<double, double, string>(TitleText: "accuracy before compensation (%)")
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy after compensation (%)");

        static string[] chipLabels(CompensationOutcome o) =>
            [.. o.Before.ChipAccuracies.Select((_, k) => $"chip {o.Before.FirstChip + k}")];
    }
}
