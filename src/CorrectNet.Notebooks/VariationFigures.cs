using Chart = Plotly.NET.CSharp.Chart;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>Figures of device variation: Monte-Carlo accuracy versus σ, and error amplification through the
/// layers.</summary>
public static class VariationFigures
{
    /// <summary>
    /// Mean accuracy (%) over chips versus the point's x value (σ for a σ sweep), one line per series, with the 95%
    /// confidence interval of the mean as a shaded band and the variation-free accuracy as a dotted line.
    /// </summary>
    public static GenericChart AccuracyVsSigma(IEnumerable<CurvePoint> points, string title,
        string xTitle = "σ of the lognormal variation (g = g₀·e^θ, θ ~ N(0, σ²))") =>
        MeanWithBand(points, title, xTitle, showClean: true);

    /// <summary>Mean accuracy with a 95% CI band per series versus x; <paramref name="logX"/> for knobs that double
    /// (rows).</summary>
    public static GenericChart MeanWithBand(IEnumerable<CurvePoint> points, string title, string xTitle,
        bool showClean = false, bool logX = false)
    {
        var traces = new List<GenericChart>();
        int index = 0;
        foreach (var series in points.GroupBy(p => p.Series))
        {
            var ordered = series.OrderBy(p => p.X).ToArray();
            var x = ordered.Select(p => p.X).ToArray();
            traces.AddRange(BandChart.Series(index, series.Key, x,
                ordered.Select(p => 100 * p.Result.Mean).ToArray(),
                ordered.Select(p => 100 * p.Result.Ci95.Low).ToArray(),
                ordered.Select(p => 100 * p.Result.Ci95.High).ToArray(), min: 0, max: 100));
            if (showClean)
            {
                traces.Add(Chart.Line<double, double, string>(x, ordered.Select(p => 100 * p.Result.CleanAccuracy),
                    Name: $"{series.Key} variation-free",
                        LineColor: BandChart.LineColor(index), LineDash: StyleParam.DrawingStyle.Dot)
                    .WithTraceInfo(LegendGroup: series.Key));
            }
            index++;
        }
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle,
                AxisType: logX ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (%): mean over chips, 95% CI");
    }

    /// <summary>
    /// Relative feature error e_l = ‖y'_l − y_l‖ / ‖y_l‖ (log scale) after analog layer l versus its depth l, one line
    /// per
    /// curve (e.g. "VGG-16, σ = 0.5").
    /// </summary>
    public static GenericChart ErrorAmplification(IReadOnlyDictionary<string, IReadOnlyList<LayerError>> curves,
        string title)
    {
        var traces = curves.Select((curve, i) => Chart.Line<int, double, string>(
            curve.Value.Select(e => e.Depth), curve.Value.Select(e =>
                e.RelativeError), Name: curve.Key, ShowMarkers: true,
            MultiText: curve.Value.Select(e => e.Layer).ToArray(), LineColor: BandChart.LineColor(i)));
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<int, int, string>(TitleText: "depth l (analog layer, in forward order)")
            .WithYAxisStyle<double, double, string>(TitleText: "relative error ‖y′ − y‖ / ‖y‖",
                AxisType: StyleParam.AxisType.Log);
    }
}
