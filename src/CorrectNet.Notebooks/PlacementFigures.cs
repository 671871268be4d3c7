using Chart = Plotly.NET.CSharp.Chart;
using CorrectNet.Experiments.Results;
using CorrectNet.Placement;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>Figures of placement studies (docs/method.md F30–F32): the agent's learning curve, the searches compared,
/// the accuracy–overhead Pareto plot.</summary>
public static class PlacementFigures
{
    /// <summary>The agent's reward per episode (points) and the best reward so far (line), one colour per study;
    /// dashed: the best reward of any search.</summary>
    public static GenericChart EpisodeRewards(IReadOnlyDictionary<string, PlacementReport> reports, string title)
    {
        var traces = new List<GenericChart>();
        int i = 0;
        foreach (var (name, report) in reports)
        {
            var agent = report[PlacementSearchNames.Rl];
            var rewards = agent.EpisodeRewards ?? [];
            var episodes = Enumerable.Range(1, rewards.Count).ToArray();
            double best = double.NegativeInfinity;
            traces.Add(Chart.Point<int, double, string>(episodes, rewards, Name: $"{name}: episode reward",
                MarkerColor: BandChart.FillColor(i),
                MultiText: agent.Visited.Select(v => PlacementTables.Layers(report, v.Placement)).ToArray()));
            traces.Add(Chart.Line<int, double, string>(episodes, rewards.Select(r => best = Math.Max(best, r)),
                Name: $"{name}: best so far",
                LineColor: BandChart.LineColor(i)));
            double top = report.Searches.Max(s => s.Best.Reward);
            traces.Add(Chart.Line<int, double, string>([1, Math.Max(1, rewards.Count)], [top, top],
                Name: $"{name}: best of all searches",
                LineColor: BandChart.LineColor(i), LineDash: StyleParam.DrawingStyle.Dash));
            i++;
        }
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<int, int, string>(TitleText: "episode")
            .WithYAxisStyle<double, double, string>(TitleText: "reward R = Acc/Acc_clean − α·overhead");
    }

    /// <summary>Grouped bars per search: the reward of its best placement, one colour per study.</summary>
    public static GenericChart Methods(IReadOnlyDictionary<string, PlacementReport> reports, string title)
    {
        var traces = reports.Select((r, i) => Chart.Column<double, string,
            string>(r.Value.Searches.Select(s => s.Best.Reward),
            Keys: r.Value.Searches.Select(s => s.Method).ToArray(), Name: r.Key, MarkerColor: BandChart.LineColor(i),
            MultiText: r.Value.Searches.Select(s => $"{PlacementTables.Layers(r.Value, s.Best.Placement)}: " +
                $"{100 * s.Best.Outcome.Accuracy:F1}%, +{100 * s.Best.Outcome.MacsShare:F2}% MACs").ToArray()));
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<string, string, string>(TitleText: "search")
            .WithYAxisStyle<double, double, string>(TitleText: "reward of the best placement found");
    }

    /// <summary>
    /// Every evaluated placement of a study (grey): accuracy (%) against the reward's overhead (%), the Pareto front
    /// (line: no other
    /// placement is both cheaper and more accurate) and the best placement of each search (labelled markers).
    /// </summary>
    public static GenericChart Pareto(PlacementReport report, string title)
    {
        var all = report.Evaluated;
        double X(PlacementEvaluation e) => 100 * e.Outcome.Overhead(report.Measure);
        var traces = new List<GenericChart>
        {
            Chart.Point<double, double, string>(all.Select(X), all.Select(e => 100 * e.Outcome.Accuracy),
                Name: "evaluated placements", MarkerColor: BandChart.FillColor(7), MultiText: all.Select(e =>
                    PlacementTables.Layers(report, e.Placement)).ToArray()),
        };
        var front = ParetoFront(report);
        traces.Add(Chart.Line<double, double, string>(front.Select(X), front.Select(e => 100 * e.Outcome.Accuracy),
            Name: "Pareto front", ShowMarkers: true, LineColor: BandChart.LineColor(0), MultiText: front.Select(e =>
                PlacementTables.Layers(report, e.Placement)).ToArray()));
        int i = 1;
        foreach (var group in report.Searches.GroupBy(s => s.Best.Placement.Key))
        {
            var best = group.First().Best;
            traces.Add(Chart.Scatter<double, double, string>([X(best)], [100 * best.Outcome.Accuracy],
                StyleParam.Mode.Markers_Text,
                Name: string.Join(", ",
                    group.Select(s =>
                    s.Method)), MarkerColor: BandChart.LineColor(i++), MarkerSymbol: StyleParam.MarkerSymbol.Diamond,
                MultiText: new[] { string.Join(", ", group.Select(s => s.Method)) }));
        }
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: "overhead the reward counts: " +
                $"{MeasureName(report.Measure)} (% of the base network)")
            .WithYAxisStyle<double, double, string>(TitleText: "mean accuracy on the evaluation chips (%)");
    }

    /// <summary>How the overhead measure reads on an axis.</summary>
    /// <summary>
    /// The weight-sharing shortcut against per-placement training (docs/method.md F38): one point per placement, its
    /// reward under each scoring on the same chips; diamonds mark each side's optimum. A shortcut that ranks well
    /// puts the points on a rising curve (the scales may differ: shared units are trained differently).
    /// </summary>
    public static GenericChart ScoringCheck(WeightSharingComparison comparison, PlacementReport report, string title)
    {
        var per = comparison.PerPlacement;
        var shared = comparison.Shared;
        string Layers(UnitPlacement p) => PlacementTables.Layers(report, p);
        var traces = new List<GenericChart>
        {
            Chart.Point<double, double, string>(per.Select(e => e.Reward), shared.Select(e => e.Reward),
                Name: "placements", MarkerColor: BandChart.FillColor(7),
                MultiText: per.Select(e => Layers(e.Placement)).ToArray()),
        };
        int optimum = per.ToList().FindIndex(e => e.Placement.Equals(comparison.Optimum.Placement));
        int choice = per.ToList().FindIndex(e => e.Placement.Equals(comparison.Choice.Placement));
        var marks = optimum == choice
            ? new[] { (optimum, "per-placement optimum = weight sharing's choice", 1) }
            : new[] { (optimum, "per-placement optimum", 1), (choice, "weight sharing's choice", 2) };
        foreach (var (index, name, color) in marks)
        {
            traces.Add(Chart.Point<double, double, string>([per[index].Reward], [shared[index].Reward], Name: name,
                MarkerColor: BandChart.LineColor(color), MarkerSymbol: StyleParam.MarkerSymbol.Diamond,
                MultiText: new[] { Layers(per[index].Placement) }));
        }
        return BandChart.Titled(Chart.Combine(traces), title)
            .WithXAxisStyle<double, double, string>(TitleText: "reward, each placement trained on its own (F31)")
            .WithYAxisStyle<double, double, string>(TitleText: "reward, shared units switched on (F38)");
    }

    public static string MeasureName(OverheadMeasure measure) => measure switch
    {
        OverheadMeasure.Parameters => "extra parameters",
        OverheadMeasure.Max => "larger of extra parameters and extra MACs",
        _ => "extra MACs",
    };

    /// <summary>The evaluated placements no other beats in both accuracy (higher) and overhead (the report's measure,
    /// lower), by increasing overhead.</summary>
    public static IReadOnlyList<PlacementEvaluation> ParetoFront(PlacementReport report)
    {
        var front = new List<PlacementEvaluation>();
        foreach (var e in report.Evaluated.OrderBy(e => e.Outcome.Overhead(report.Measure)).ThenByDescending(e =>
            e.Outcome.Accuracy))
            if (front.Count == 0 || e.Outcome.Accuracy > front[^1].Outcome.Accuracy) front.Add(e);
        return front;
    }
}
