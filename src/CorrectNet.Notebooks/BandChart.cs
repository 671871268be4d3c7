using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace CorrectNet.Notebooks;

/// <summary>Lines with a shaded band (a mean with its 95% confidence interval), one colour per series.</summary>
internal static class BandChart
{
    // Plotly's default colour cycle, so bands match their lines.
    private static readonly (int R, int G, int B)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    public static Color LineColor(int index)
    {
        var (r, g, b) = Palette[index % Palette.Length];
        return Color.fromString($"rgb({r},{g},{b})");
    }

    public static Color FillColor(int index)
    {
        var (r, g, b) = Palette[index % Palette.Length];
        return Color.fromString($"rgba({r},{g},{b},0.12)");
    }

    /// <summary>Three traces: the band's lower edge (invisible), its upper edge filled down to it, and the mean with
    /// markers.</summary>
    public static IEnumerable<GenericChart> Series(int index, string name, double[] x, double[] mean, double[] low,
        double[] high, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        // A t-interval from very few chips can leave the possible range; the band shows only what is possible.
        low = low.Select(v => Math.Clamp(v, min, max)).ToArray();
        high = high.Select(v => Math.Clamp(v, min, max)).ToArray();
        var transparent = Color.fromString("rgba(0,0,0,0)");
        yield return Chart.Line<double, double, string>(x, low, Name: $"{name} 95% CI", ShowLegend: false,
            LineColor: transparent)
            .WithTraceInfo(LegendGroup: name);
        yield return Chart.Line<double, double, string>(x, high, Name: $"{name} 95% CI", ShowLegend: false,
            LineColor: transparent,
                Fill: StyleParam.Fill.ToNext_y, FillColor: FillColor(index))
            .WithTraceInfo(LegendGroup: name);
        yield return Chart.Line<double, double, string>(x, mean, Name: name, ShowMarkers: true,
            LineColor: LineColor(index))
            .WithTraceInfo(LegendGroup: name);
    }

    /// <summary>
    /// A y range for a log axis (in log10 units, as Plotly wants it) that shows every positive value with a margin:
    /// Plotly's automatic range cuts off bars whose tops lie below it.
    /// </summary>
    public static Tuple<double, double> LogRange(IEnumerable<double> values)
    {
        var positive = values.Where(v => v > 0).ToList();
        if (positive.Count == 0) return Tuple.Create(0.0, 1.0);
        return Tuple.Create(Math.Floor(Math.Log10(positive.Min()) - 0.1), Math.Log10(positive.Max()) + 0.15);
    }

    public static GenericChart Titled(GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title,
        null).Invoke(chart);
}
