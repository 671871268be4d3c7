using Chart = Plotly.NET.CSharp.Chart;
using CorrectNet.Crossbar;
using CorrectNet.Experiments.Results;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>Figures of crossbar non-idealities: accuracy versus one hardware knob, and the ADC energy it
/// costs.</summary>
public static class HardwareFigures
{
    /// <summary>Mean accuracy (%) with 95% CI band versus a knob's value, one line per series (e.g. per σ).</summary>
    public static GenericChart AccuracyVsKnob(IEnumerable<CurvePoint> points, string knob, string title,
        bool logX = false) =>
        VariationFigures.MeanWithBand(points, title, knob, showClean: false, logX: logX);

    /// <summary>Total ADC energy per inference (nJ, log scale) versus a knob's value, one line per series.</summary>
    public static GenericChart EnergyVsKnob(IEnumerable<CurvePoint> points, string knob, string title,
        bool logX = false)
    {
        var traces = points.Where(p => p.Result.AdcEnergyPicojoules is not null).GroupBy(p => p.Series)
            .Select((series, i) =>
        {
            var ordered = series.OrderBy(p => p.X).ToArray();
            return Chart.Line<double, double, string>(ordered.Select(p => p.X),
                ordered.Select(p => p.Result.AdcEnergyPicojoules!.Value / 1000),
                Name: series.Key, ShowMarkers: true, LineColor: BandChart.LineColor(i));
        });
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: knob,
                AxisType: logX ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
            .WithYAxisStyle<double, double, string>(TitleText: "ADC energy per inference (nJ)",
                AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>Grouped bars: ADC energy per inference (nJ, log scale) of every analog layer, one bar colour per
    /// setting.</summary>
    public static GenericChart AdcEnergyPerLayer(IReadOnlyDictionary<string, IReadOnlyList<AdcLayerEnergy>> bySetting,
        string title)
    {
        var traces = bySetting.Select((setting, i) => Chart.Column<double, string, string>(
            setting.Value.Select(l => l.Picojoules / 1000), Keys: setting.Value.Select(l =>
                l.Layer).ToArray(), Name: setting.Key,
            MarkerColor: BandChart.LineColor(i)));
        var range = BandChart.LogRange(bySetting.Values.SelectMany(v => v).Select(l => l.Picojoules / 1000));
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<string, string, string>(TitleText: "analog layer")
            .WithYAxisStyle<double, double, string>(TitleText: "ADC energy per inference (nJ)",
                AxisType: StyleParam.AxisType.Log, MinMax: range);
    }

    /// <summary>
    /// Grouped bars: total ADC energy per inference (nJ, log scale) of every setting (in the given order), one bar
    /// colour
    /// per series. Energy does not depend on σ, so pass the points of one σ.
    /// </summary>
    public static GenericChart TotalEnergy(IEnumerable<CurvePoint> points, string title)
    {
        var withAdc = points.Where(p => p.Result.AdcEnergyPicojoules is not null).ToList();
        var traces = withAdc.GroupBy(p => p.Series).Select((series, i) => Chart.Column<double, string, string>(
            series.Select(p => p.Result.AdcEnergyPicojoules!.Value / 1000), Keys: series.Select(p =>
                p.Setting).ToArray(), Name: series.Key,
            MarkerColor: BandChart.LineColor(i)));
        var range = BandChart.LogRange(withAdc.Select(p => p.Result.AdcEnergyPicojoules!.Value / 1000));
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<string, string, string>(TitleText: "setting (one knob changed from the baseline)")
            .WithYAxisStyle<double, double, string>(TitleText: "ADC energy per inference (nJ)",
                AxisType: StyleParam.AxisType.Log, MinMax: range);
    }
}
