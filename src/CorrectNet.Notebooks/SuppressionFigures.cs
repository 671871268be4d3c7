using CorrectNet.Training;
using Microsoft.Data.Analysis;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace CorrectNet.Notebooks;

/// <summary>Figures and tables of the error-suppression experiment (notebook 02).</summary>
public static class SuppressionFigures
{
    /// <summary>One row per (series, layer): spectral norm of W̃ and operator norm on the feature map.</summary>
    public static DataFrame SpectralNorms(IReadOnlyDictionary<string, IReadOnlyList<LayerLipschitz>> bySeries)
    {
        var rows = bySeries.SelectMany(s => s.Value.Select(l => (Series: s.Key, Layer: l))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("series", rows.Select(r => r.Series)),
            new StringDataFrameColumn("layer", rows.Select(r => r.Layer.Layer)),
            new DoubleDataFrameColumn("matrix_norm", rows.Select(r => r.Layer.MatrixNorm)),
            new DoubleDataFrameColumn("operator_norm", rows.Select(r => r.Layer.OperatorNorm)));
    }

    /// <summary>Operator norm per layer, one group of bars per series (log scale: norms span decades).</summary>
    public static GenericChart SpectralNormBars(IReadOnlyDictionary<string, IReadOnlyList<LayerLipschitz>> bySeries,
        string title)
    {
        var traces = bySeries.Select(s => Chart.Column<double, string, string>(
            s.Value.Select(l => l.OperatorNorm), Keys: s.Value.Select(l => l.Layer).ToArray(), Name: s.Key));
        return Plotly.NET.Chart.withTitle(title, null).Invoke(Chart.Combine(traces))
            .WithXAxisStyle<string, string, string>(TitleText: "layer")
            .WithYAxisStyle<double, double, string>(TitleText: "Lipschitz constant (operator norm)",
                AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>The β trade-off: accuracy without variation against mean accuracy under σ, one labelled point per
    /// β.</summary>
    public static GenericChart BetaTradeOff(IReadOnlyList<(double Beta, double Clean, double UnderVariation)> points,
        double sigma, string title)
    {
        var chart = Chart.Scatter<double, double, string>(
            points.Select(p => 100 * p.Clean), points.Select(p => 100 * p.UnderVariation), StyleParam.Mode.Markers_Text,
            Name: "β", MultiText: points.Select(p => $"β = {p.Beta:G3}").ToArray());
        return Plotly.NET.Chart.withTitle(title, null).Invoke(chart)
            .WithXAxisStyle<double, double, string>(TitleText: "accuracy without variation (%)")
            .WithYAxisStyle<double, double, string>(TitleText: $"mean accuracy over chips at σ = {sigma} (%)");
    }

    public static DataFrame BetaTable(IReadOnlyList<(double Beta, double Clean, double UnderVariation)> points,
        double sigma) => new(
        new DoubleDataFrameColumn("beta", points.Select(p => p.Beta)),
        new DoubleDataFrameColumn("clean_accuracy", points.Select(p => p.Clean)),
        new DoubleDataFrameColumn($"mean_accuracy_sigma_{sigma}", points.Select(p => p.UnderVariation)));
}
