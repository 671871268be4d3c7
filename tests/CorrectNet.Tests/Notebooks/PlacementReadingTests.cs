using CorrectNet.Compensation;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using CorrectNet.Notebooks;
using CorrectNet.Placement;

namespace CorrectNet.Tests.Notebooks;

/// <summary>Notebook 04's reading on a synthetic 3-layer placement study: its numbers and verdicts come from it.
/// </summary>
public class PlacementReadingTests
{
    private const double Clean = 0.9;

    /// <summary>Accuracy of each of the 2^3 placements (key = widths); a unit costs 1% of parameters, 0.5% of MACs.
    /// </summary>
    private static readonly Dictionary<string, double> Accuracy = new()
    {
        ["0,0,0"] = 0.30,
        ["2,0,0"] = 0.33,
        ["0,2,0"] = 0.31,
        ["0,0,2"] = 0.34,
        ["2,2,0"] = 0.33,
        ["2,0,2"] = 0.38,
        ["0,2,2"] = 0.35,
        ["2,2,2"] = 0.37,
    };

    private static readonly PlacementSite[] Sites =
        [.. new[] { "conv1", "fc1", "fc2" }.Select(n => new PlacementSite(
            new LayerProfile(n, LayerProfile.LinearKind, 16, 16, 1, 1, 1, 272, 256, 16, 1, 1), 0.1, 2))];

    /// <summary>R = accuracy / clean − 1 · max(parameter share, MAC share) (F31, overhead measure Max).</summary>
    private static PlacementEvaluation Evaluate(string key)
    {
        var placement = new UnitPlacement([.. key.Split(',').Select(int.Parse)]);
        var outcome = new PlacementOutcome(Accuracy[key], Clean, 0.01 * placement.Units, 0.005 * placement.Units);
        double reward = outcome.Accuracy / Clean - outcome.Overhead(OverheadMeasure.Max);
        return new PlacementEvaluation(placement, outcome, reward);
    }

    private static PlacementSearchResult Search(string method, params string[] visited)
    {
        var evaluations = visited.Select(Evaluate).ToList();
        return new PlacementSearchResult(method, evaluations.MaxBy(e => e.Reward)!, evaluations, evaluations.Count);
    }

    private static PlacementSearchResult Agent(string policy, params string[] episodes)
    {
        var search = Search("rl", episodes);
        return search with
        {
            EpisodeRewards = [.. search.Visited.Select(v => v.Reward)],
            PolicyPlacement = Evaluate(policy).Placement,
        };
    }

    private static PlacementReport Report(PlacementSearchResult rl, bool exhaustive = true)
    {
        List<PlacementSearchResult> searches =
        [
            rl,
            Search("none", "0,0,0"),
            Search("all", "2,2,2"),
            Search("greedy", "0,0,0", "0,0,2", "2,0,2", "2,2,2"),
            Search("random", "0,2,0", "2,2,0", "0,2,2"),
        ];
        if (exhaustive) searches.Add(Search("exhaustive", [.. Accuracy.Keys]));
        return new PlacementReport(Sites, Clean, 1.0, OverheadMeasure.Max, searches, 8, 8,
            [.. Accuracy.Keys.Select(Evaluate)]);
    }

    [Fact]
    public void RecognizesTheExhaustiveOptimum()
    {
        var rl = Agent("2,0,2", "0,2,0", "2,2,2", "2,0,2", "0,2,0", "2,0,2");
        var lines = PlacementReading.Searches("LeNet-5", 0.8, Report(rl));

        Assert.Equal("LeNet-5 at σ = 0.8 (α = 1, overhead = larger of extra parameters and extra MACs):", lines[0]);
        // 30% of the clean 90% is a third.
        Assert.Equal("- without units: 30.0%, 33.3% of the clean 90.0%: under half of clean, the regime its σ was " +
                     "chosen for.", lines[1]);
        // 0.38 / 0.9 − 0.02 = 0.4022.
        Assert.Equal("- the agent's best placement: conv1+fc2, reward 0.4022, accuracy 38.0% (+8.0 points over no " +
                     "units); +2.00% parameters, +1.00% MACs: within C5's negligible (≤ 5% of each).", lines[2]);
        Assert.Equal("- it is the exhaustive optimum (rank 1 of 8 placements); against the other searches' best " +
                     "rewards: above none 0.3333, all 0.3811, random 0.3689; tied with greedy 0.4022, exhaustive " +
                     "0.4022.", lines[3]);
        Assert.Equal("- it asked for 3 distinct placements (3 until its best) of the 2^3 = 8; exhaustive search " +
                     "asked for 8: the agent needed fewer; greedy asked for 4.", lines[4]);
        Assert.Equal("- its best-so-far reward reached the best of all searches (0.4022) at episode 3 of 5.",
            lines[5]);
        Assert.Equal("- its final policy (argmax per layer) picks its best placement: the policy converged there.",
            lines[6]);
        Assert.Equal("- the best reward of any search (rl: conv1+fc2) has units: under this reward compensation " +
                     "pays here.", lines[7]);
    }

    [Fact]
    public void RanksAnAgentBelowTheOptimum()
    {
        // Best episode: fc1+fc2, 0.35 / 0.9 − 0.02 = 0.3689, behind conv1+fc2 (0.4022) and all three (0.3811).
        var rl = Agent("2,2,2", "0,2,0", "0,2,2", "0,2,0");
        var lines = PlacementReading.Searches("LeNet-5", 0.8, Report(rl));

        Assert.Equal("- it is 8.29% below the exhaustive optimum conv1+fc2 (reward 0.4022): rank 3 of 8 " +
                     "placements; against the other searches' best rewards: above none 0.3333; tied with random " +
                     "0.3689; below all 0.3811, greedy 0.4022, exhaustive 0.4022.", lines[3]);
        Assert.Equal("- its best-so-far reward (0.3689) stayed below the best of all searches (greedy 0.4022) for " +
                     "all 3 episodes.", lines[5]);
        Assert.Equal("- its final policy (argmax per layer) picks conv1+fc1+fc2, not its best placement: the best " +
                     "came from exploration, not from where the policy converged.", lines[6]);
    }

    [Fact]
    public void WithoutExhaustiveSearchSaysTheOptimumIsUnknown()
    {
        var rl = Agent("2,0,2", "2,0,2", "0,0,2");
        var lines = PlacementReading.Searches("VGG-16", 0.5, Report(rl, exhaustive: false));

        Assert.StartsWith("- no exhaustive search ran, so the true optimum is unknown; against the other searches' " +
                          "best rewards: above none", lines[3]);
        Assert.Equal("- it asked for 2 distinct placements (1 until its best) of the 2^3 = 8; greedy asked for 4.",
            lines[4]);
    }

    [Fact]
    public void SaysWhenNoUnitsIsTheBestPlacement()
    {
        // Every placement with units below the 30% of no units: the reward keeps "none".
        var report = Report(Agent("0,0,0", "0,0,0"));
        var flat = report with
        {
            Searches = [.. report.Searches.Select(s => s.Method == "none" || s.Method == "rl" ? s : Worse(s))],
        };
        var lines = PlacementReading.Searches("LeNet-5", 0.8, flat);
        Assert.Equal("- the best reward of any search has no units: under this reward compensation does not pay here.",
            lines[^1]);
        Assert.Contains("(0.0 points over no units)", lines[2]);

        static PlacementSearchResult Worse(PlacementSearchResult s)
        {
            var best = s.Best with { Placement = new UnitPlacement([2, 2, 2]), Reward = -1 };
            return s with { Best = best, Visited = [best] };
        }
    }

    [Fact]
    public void SaysWhenTheNetworkWithoutUnitsKeepsHalfOrMore()
    {
        var report = Report(Agent("0,0,0", "0,0,0")) with { CleanAccuracy = 0.5 };
        Assert.Equal("- without units: 30.0%, 60.0% of the clean 50.0%: not under half of clean, so not the regime " +
                     "its σ was chosen for.", PlacementReading.Searches("LeNet-5", 0.8, report)[1]);
    }

    private static CompensationOutcome Unseen(double[] before, double[] after) =>
        new([new CompensationSpec("fc2")],
            new MonteCarloResult("before", 2, 0, before, Clean, null),
            new MonteCarloResult("after", 2, 0, after, Clean, null),
            new CompensationCost(1, 100, 50, 0, 10_000, 10_000, 320_000, 32, 32),
            new CompensationTrainingConfig(), "unit.pt", 1.0, false);

    [Fact]
    public void ReadsTheAgentsPlacementOnUnseenChips()
    {
        var lines = PlacementReading.Unseen(
        [
            ("LeNet-5", "plain", 0.8, Unseen([0.30, 0.34, 0.32], [0.33, 0.37, 0.35])),
            ("LeNet-5", "suppressed", 0.8, Unseen([0.40, 0.44, 0.42], [0.50, 0.50, 0.50])),
            ("LeNet-5", "plain", 1.0, Unseen([0.20, 0.24, 0.22], [0.25, 0.19, 0.23])),
        ]);

        Assert.Equal("LeNet-5 plain, σ = 0.8: 32.0% → 35.0%, +3.0 points (95% CI +3.0 to +3.0): raised " +
                     "(clean 90.0%; 3 chips of seed 2).", lines[0]);
        // Gains +10, +6, +8: mean +8, s = 2, CI ± 4.3027 · 2 / √3 = ± 4.97.
        Assert.Equal("LeNet-5 suppressed, σ = 0.8: 42.0% → 50.0%, +8.0 points (95% CI +3.0 to +13.0): raised " +
                     "(clean 90.0%; 3 chips of seed 2).", lines[1]);
        Assert.StartsWith("LeNet-5 plain, σ = 1.0: 22.0% → 22.3%, +0.3 points (95% CI ", lines[2]);
        Assert.EndsWith("): no clear change (clean 90.0%; 3 chips of seed 2).", lines[2]);
        Assert.Equal("Of 3 runs on unseen chips, the units: raised in 2; no clear change in 1.", lines[3]);
        Assert.Equal("LeNet-5, σ = 0.8: the units gain most on the suppressed network (+8.0 points, to 50.0%); " +
                     "plain: +3.0 points, to 35.0%.", lines[4]);
        Assert.Equal(5, lines.Count);
    }

    [Fact]
    public void ScoringCheckNamesTheRankCorrelationAndWhatTheShortcutsChoiceIsWorth()
    {
        var per = Accuracy.Keys.Select(Evaluate).ToList();
        // The shortcut sees 0,0,2 (0.34 → 0.50) as the best and keeps every other placement's order.
        var shared = per.Select(e => e.Placement.Key == "0,0,2" ? e with { Reward = 0.5 } : e).ToList();
        var comparison = new WeightSharingComparison(per, shared).Validate();

        string line = PlacementReading.ScoringCheck("LeNet-5", comparison, Report(Agent("2,0,2", "2,0,2")));

        // 0,0,2 has reward 0.34/0.9 − 0.01 = 0.3678, the optimum 2,0,2 0.38/0.9 − 0.02 = 0.4022: 3.44 points.
        Assert.StartsWith("- LeNet-5: over all 8 placements, Spearman's ρ of the rewards 0.", line);
        Assert.EndsWith("its choice [fc2], retrained, is 3.44 reward points below the per-placement optimum " +
                        "[conv1+fc2].", line);
        var same = new WeightSharingComparison(per, per).Validate();
        Assert.Equal("- LeNet-5: over all 8 placements, Spearman's ρ of the rewards 1.000 (of the accuracies 1.000); " +
                     "its choice [conv1+fc2] is the per-placement optimum.",
            PlacementReading.ScoringCheck("LeNet-5", same, Report(Agent("2,0,2", "2,0,2"))));
    }
}
