using CorrectNet.Experiments.Results;
using CorrectNet.Placement;
using Microsoft.Data.Analysis;

namespace CorrectNet.Notebooks;

/// <summary>Tables of placement studies (docs/method.md F30–F32): accuracies in %, overheads in % of the base
/// network.</summary>
public static class PlacementTables
{
    /// <summary>
    /// One row per (study, search): the best placement's layers, accuracy, accuracy / clean, reward, extra MACs and
    /// parameters, the reward's gap to the best of all searches, and the search's cost: distinct placements it asked
    /// for (its own count, whatever the cache held), those until it first asked for its best, and those it was first to
    /// request in this run (the rest: earlier searches; on-disk hits count as first requests).
    /// </summary>
    public static DataFrame Searches(IReadOnlyDictionary<string, PlacementReport> reports)
    {
        var rows = reports.SelectMany(r => r.Value.Searches.Select(s => (Study: r.Key, Report: r.Value,
            Search: s))).ToList();
        double Top(PlacementReport report) => report.Searches.Max(s => s.Best.Reward);
        return new DataFrame(
            new StringDataFrameColumn("study", rows.Select(r => r.Study)),
            new StringDataFrameColumn("method", rows.Select(r => r.Search.Method)),
            new StringDataFrameColumn("layers", rows.Select(r => Layers(r.Report, r.Search.Best.Placement))),
            new DoubleDataFrameColumn("accuracy_pct", rows.Select(r => 100 * r.Search.Best.Outcome.Accuracy)),
            new DoubleDataFrameColumn("accuracy_over_clean_pct",
                rows.Select(r => r.Report.CleanAccuracy > 0
                ? 100 * r.Search.Best.Outcome.Accuracy / r.Report.CleanAccuracy : 0)),
            new DoubleDataFrameColumn("reward", rows.Select(r => r.Search.Best.Reward)),
            new DoubleDataFrameColumn("gap_to_best_reward_pct",
                rows.Select(r => 100 * (Top(r.Report) - r.Search.Best.Reward) / Math.Abs(Top(r.Report)))),
            new DoubleDataFrameColumn("extra_macs_pct", rows.Select(r => 100 * r.Search.Best.Outcome.MacsShare)),
            new DoubleDataFrameColumn("extra_params_pct",
                rows.Select(r => 100 * r.Search.Best.Outcome.ParametersShare)),
            new Int32DataFrameColumn("distinct_placements", rows.Select(r => r.Search.Distinct)),
            new Int32DataFrameColumn("distinct_until_best", rows.Select(r => r.Search.DistinctUntilBest)),
            new Int32DataFrameColumn("requests", rows.Select(r => r.Search.Visited.Count)),
            new Int32DataFrameColumn("first_requested_by_it", rows.Select(r => r.Search.NewEvaluations)),
            new StringDataFrameColumn("policy_argmax_layers",
                rows.Select(r => r.Search.PolicyPlacement is { } p ? Layers(r.Report, p) : "")));
    }

    /// <summary>One row per (study, analog layer): sensitivity and, per search, whether its best placement has a unit
    /// there (1/0).</summary>
    public static DataFrame ChosenLayers(IReadOnlyDictionary<string, PlacementReport> reports)
    {
        var rows = reports.SelectMany(r => r.Value.Sites.Select((s, l) => (Study: r.Key, Report: r.Value, Site: s,
            Layer: l))).ToList();
        var methods = reports.Values.SelectMany(r => r.Searches.Select(s => s.Method)).Distinct().ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("study", rows.Select(r => r.Study)),
            new StringDataFrameColumn("layer", rows.Select(r => r.Site.Name)),
            new DoubleDataFrameColumn("sensitivity_points", rows.Select(r => 100 * r.Site.Sensitivity)),
        };
        foreach (string method in methods)
            columns.Add(new Int32DataFrameColumn(method, rows.Select(r =>
                r.Report.Searches.FirstOrDefault(s => s.Method == method) is { } s ? (s.Best.Placement.Has(r.Layer)
                    ? 1 : 0) : (int?)null)));
        return new DataFrame(columns);
    }

    /// <summary>Every placement evaluated in a study: layers, accuracy, extra MACs and parameters, reward, on the
    /// Pareto front or not.</summary>
    public static DataFrame Evaluated(PlacementReport report)
    {
        var all = report.Evaluated;
        var front = PlacementFigures.ParetoFront(report).Select(e => e.Placement.Key).ToHashSet();
        return new DataFrame(
            new StringDataFrameColumn("placement", all.Select(e => e.Placement.Key)),
            new StringDataFrameColumn("layers", all.Select(e => Layers(report, e.Placement))),
            new DoubleDataFrameColumn("accuracy_pct", all.Select(e => 100 * e.Outcome.Accuracy)),
            new DoubleDataFrameColumn("extra_macs_pct", all.Select(e => 100 * e.Outcome.MacsShare)),
            new DoubleDataFrameColumn("extra_params_pct", all.Select(e => 100 * e.Outcome.ParametersShare)),
            new DoubleDataFrameColumn("reward", all.Select(e => e.Reward)),
            new BooleanDataFrameColumn("pareto", all.Select(e => front.Contains(e.Placement.Key))));
    }

    /// <summary>The agent's reward per episode and the best so far.</summary>
    public static DataFrame Episodes(PlacementReport report)
    {
        var rl = report[PlacementSearchNames.Rl];
        var rewards = rl.EpisodeRewards ?? [];
        double best = double.NegativeInfinity;
        return new DataFrame(
            new Int32DataFrameColumn("episode", rewards.Select((_, i) => i + 1)),
            new StringDataFrameColumn("layers", rl.Visited.Select(v => Layers(report, v.Placement))),
            new DoubleDataFrameColumn("reward", rewards),
            new DoubleDataFrameColumn("best_so_far", rewards.Select(r => best = Math.Max(best, r))));
    }

    /// <summary>Layer names of a placement joined by "+", "(none)" when it has no unit.</summary>
    public static string Layers(PlacementReport report, Placement.UnitPlacement placement)
    {
        var layers = report.LayersOf(placement);
        return layers.Count == 0 ? "(none)" : string.Join("+", layers);
    }
}
