using Chart = Plotly.NET.CSharp.Chart;
using CorrectNet.Experiments.Results;
using CorrectNet.Quantization;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>Figures of the quantization setting search (docs/method.md F33): accuracy against total ADC
/// energy.</summary>
public static class QuantizationFigures
{
    /// <summary>
    /// Every evaluated setting (grey), the Pareto front (line), the reference and the chosen setting (markers) of each
    /// study: Monte-Carlo accuracy (%) on the search chips against ADC energy per inference (nJ, log scale). The dashed
    /// line is the search's accuracy bound.
    /// </summary>
    public static GenericChart ParetoFront(IReadOnlyDictionary<string, QuantizationStudy> studies, string title)
    {
        var traces = new List<GenericChart>();
        int i = 0;
        foreach (var (name, study) in studies)
        {
            var search = study.Search;
            var all = search.Evaluated;
            traces.Add(Chart.Point<double, double, string>(all.Select(Nanojoules), all.Select(Percent),
                Name: $"{name}: evaluated", MarkerColor: BandChart.FillColor(i), MultiText: all.Select(c =>
                    c.Setting.Key).ToArray()));
            var front = search.Front.OrderBy(c => c.EnergyPicojoules).ToList();
            traces.Add(Chart.Line<double, double, string>(front.Select(Nanojoules), front.Select(Percent),
                Name: $"{name}: Pareto front", ShowMarkers: true, LineColor: BandChart.LineColor(i),
                MultiText: front.Select(c => c.Setting.Key).ToArray()));
            traces.Add(Chart.Point<double, double, string>([Nanojoules(search.Reference), Nanojoules(search.Chosen)],
                [Percent(search.Reference), Percent(search.Chosen)], Name: $"{name}: reference, chosen",
                MarkerColor: BandChart.LineColor(i), MarkerSymbol: StyleParam.MarkerSymbol.Diamond,
                MultiText: new[] { "reference", "chosen" }));
            var energies = all.Select(Nanojoules).ToList();
            traces.Add(Chart.Line<double, double, string>([energies.Min(), energies.Max()],
                [100 * search.AccuracyBound, 100 * search.AccuracyBound],
                Name: $"{name}: bound", LineColor: BandChart.LineColor(i), LineDash: StyleParam.DrawingStyle.Dash));
            i++;
        }
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: "ADC energy per inference (nJ)",
                AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "Monte-Carlo accuracy on the search chips (%)");
    }

    /// <summary>Grouped bars per analog layer: ADC energy per inference (nJ, log scale) of the reference and the chosen
    /// setting.</summary>
    public static GenericChart EnergyPerLayer(QuantizationStudy study, string title) =>
        HardwareFigures.AdcEnergyPerLayer(new Dictionary<string, IReadOnlyList<Crossbar.AdcLayerEnergy>>
        {
            ["reference"] = study.ReferenceCost.PerLayer,
            ["chosen"] = study.ChosenCost.PerLayer,
        }, title);

    private static double Nanojoules(QuantizationCandidate c) => c.EnergyPicojoules / 1000;
    private static double Percent(QuantizationCandidate c) => 100 * c.Accuracy;
}
