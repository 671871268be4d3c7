using Chart = Plotly.NET.CSharp.Chart;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>Figures of the pipeline (notebook 07).</summary>
public static class PipelineFigures
{
    /// <summary>Accuracy vs σ of every method of one network (each on its own hardware, the curves' unseen chips), with
    /// the plain model's variation-free accuracy on the reference setting (the curves' images) as a dotted
    /// line.</summary>
    public static GenericChart AccuracyVsSigma(PipelineResult result, string title)
    {
        var chart = VariationFigures.MeanWithBand(result.Curves, title,
            "σ of the lognormal variation (on the crossbar: reference setting for the baselines, chosen setting for " +
            "the pipeline)");
        var sigmas = result.Curves.Select(p => p.X).Distinct().OrderBy(x => x).ToArray();
        if (sigmas.Length == 0) return chart;
        // The curves' reference, not the table's clean accuracy (the float, digital one on more images): the two differ
        // by what the quantization and the image subset cost.
        double reference = result.CurveReference;
        var clean = Chart.Line<double, double, string>([sigmas[0], sigmas[^1]], [100 * reference, 100 * reference],
            Name: "plain, variation-free (reference setting)", LineColor: Color.fromString("black"),
            LineDash: StyleParam.DrawingStyle.Dot);
        var target = Chart.Line<double, double, string>([sigmas[0], sigmas[^1]], [95 * reference, 95 * reference],
            Name: "95% of variation-free", LineColor: Color.fromString("gray"), LineDash: StyleParam.DrawingStyle.Dash);
        return Chart.Combine([chart, clean, target]);
    }

    /// <summary>Mean accuracy at the evaluation σ, one group of bars per network, one bar per method.</summary>
    public static GenericChart MethodBars(IReadOnlyList<PipelineResult> results, string title)
    {
        var networks = results.Select(r => $"{ModelSetups.DisplayName(r.Model)} / {r.Dataset}").ToArray();
        var traces = new List<GenericChart>
        {
            Chart.Column<double, string, string>(results.Select(r => 100 * r.CleanAccuracy), Keys: networks,
                Name: "clean"),
        };
        foreach (string method in PipelineMethods.All)
            traces.Add(Chart.Column<double, string, string>(results.Select(r => 100 * r[method].Mean), Keys: networks,
                Name: method));
        return Plotly.NET.Chart.withTitle(title, null).Invoke(Chart.Combine(traces))
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (%): mean over unseen chips");
    }
}
