using CorrectNet.Compensation;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Results;
using CorrectNet.Models;
using CorrectNet.Notebooks;
using CorrectNet.Placement;

namespace CorrectNet.Tests.Notebooks;

/// <summary>Notebook 03's reading on synthetic outcomes: every number and verdict it prints comes from them.</summary>
public class CompensationReadingTests
{
    private const double Clean = 0.9;
    private static readonly double[] Before = [0.30, 0.34, 0.32]; // mean 32%, 35.6% of the clean 90%

    private static PlacementSite Site(string name, double sensitivity) =>
        new(new LayerProfile(name, LayerProfile.LinearKind, 16, 16, 1, 1, 1, 272, 256, 16, 1, 1), sensitivity, 2);

    /// <summary>An outcome on the chips of <see cref="Before"/>; overheads in % of a base of 10 000 parameters and
    /// 10 000 MACs.</summary>
    private static CompensationOutcome Outcome(string[] layers, double[] after, double parametersPercent = 1,
        double macsPercent = 1, double[]? before = null) =>
        new([.. layers.Select(l => new CompensationSpec(l))],
            new MonteCarloResult("before", 1, 0, before ?? Before, Clean, null),
            new MonteCarloResult("after", 1, 0, after, Clean, null),
            new CompensationCost(layers.Length, (long)(100 * parametersPercent), (long)(100 * macsPercent), 0,
                10_000, 10_000, 320_000, 32, 32),
            new CompensationTrainingConfig(), "unit.pt", 1.0, false);

    private static readonly PlacementSite[] Sites = [Site("conv1", 0.12), Site("conv2", 0.05), Site("fc1", 0.20)];

    /// <summary>conv1 gains 5 points on every chip, conv2 is noisy around +1, fc1 loses 3, all gains 4.</summary>
    private static Dictionary<string, CompensationOutcome> Outcomes(double allParametersPercent = 3) => new()
    {
        ["none"] = Outcome([], Before, 0, 0),
        ["conv1"] = Outcome(["conv1"], [0.35, 0.39, 0.37], 0.5, 0.4),
        ["conv2"] = Outcome(["conv2"], [0.40, 0.26, 0.33], 0.6, 0.5),
        ["fc1"] = Outcome(["fc1"], [0.27, 0.31, 0.29], 1.2, 0.3),
        ["all"] = Outcome(["conv1", "conv2", "fc1"], [0.34, 0.38, 0.36], allParametersPercent, 1.2),
    };

    private static IReadOnlyList<string> Read(Dictionary<string, CompensationOutcome> outcomes,
        IReadOnlyList<(double, CompensationOutcome)>? bySigma = null) =>
        CompensationReading.Lines("LeNet-5", 0.8, Sites, outcomes, bySigma ?? []);

    [Fact]
    public void RanksTheLayersBySensitivity()
    {
        var lines = Read(Outcomes());
        Assert.Equal("Sensitivity at σ = 0.8: fc1 is the most sensitive layer (+20.0 points lost when only it " +
                     "varies), conv2 the least (+5.0 points); order: fc1 > conv1 > conv2.", lines[0]);
    }

    [Fact]
    public void SaysWhetherTheNetworkWithoutUnitsKeepsUnderHalfOfClean()
    {
        Assert.Equal("Without units LeNet-5 keeps 32.0% at σ = 0.8 on 3 unseen chips, 35.6% of its clean 90.0%: " +
                     "under half of clean, the regime C1 describes.", Read(Outcomes())[1]);

        double[] high = [0.60, 0.62, 0.64];
        var robust = new Dictionary<string, CompensationOutcome> { ["none"] = Outcome([], high, 0, 0, high) };
        Assert.Equal("Without units LeNet-5 keeps 62.0% at σ = 0.8 on 3 unseen chips, 68.9% of its clean 90.0%: " +
                     "not under half of clean: this σ does not put the network in C1's regime here.",
            Read(robust)[1]);
    }

    [Fact]
    public void ClassifiesEachConfigurationByItsPairedGain()
    {
        var lines = Read(Outcomes());
        Assert.Contains("Accuracy on the unseen chips, paired 95% CI of the per-chip gain: raised with units on " +
                        "conv1, all.", lines);
        Assert.Contains("Accuracy on the unseen chips, paired 95% CI of the per-chip gain: lowered with units on fc1.",
            lines);
        Assert.Contains("Accuracy on the unseen chips, paired 95% CI of the per-chip gain: no clear change with " +
                        "units on conv2.", lines);
        Assert.Contains("Largest mean gain: conv1, 32.0% → 37.0% (+5.0 points (95% CI +5.0 to +5.0)), " +
                        "+0.50% parameters, +0.40% MACs.", lines);
    }

    [Fact]
    public void SaysWhetherTheMostSensitiveLayerIsTheBestSingleUnit()
    {
        Assert.Contains("The most sensitive layer, fc1, is not the layer whose single unit gains most: that is conv1 " +
                        "(+5.0 points against −3.0 points).", Read(Outcomes()));

        var outcomes = Outcomes();
        outcomes["fc1"] = Outcome(["fc1"], [0.40, 0.44, 0.42], 1.2, 0.3);
        Assert.Contains("The most sensitive layer, fc1, is also the layer whose single unit gains most.",
            Read(outcomes));
    }

    [Fact]
    public void ChecksTheOverheadAgainstFivePercent()
    {
        Assert.Contains("Every configuration stays within C5's negligible (≤ 5% of parameters and of MACs).",
            Read(Outcomes()));
        Assert.Contains("Above C5's negligible (≤ 5% of parameters and of MACs): all +6.00% parameters, +1.20% MACs.",
            Read(Outcomes(allParametersPercent: 6)));
    }

    [Fact]
    public void ComparesAllLayersWithTheBestSingleUnit()
    {
        Assert.Contains("Units on all layers: +4.0 points for +1.20% MACs; the best single unit (conv1): +5.0 points " +
                        "for +0.40% MACs: the extra units buy nothing over the best single unit.", Read(Outcomes()));

        var outcomes = Outcomes();
        outcomes["all"] = Outcome(["conv1", "conv2", "fc1"], [0.38, 0.42, 0.40], 3, 1.2);
        Assert.Contains("Units on all layers: +8.0 points for +1.20% MACs; the best single unit (conv1): +5.0 points " +
                        "for +0.40% MACs: the extra units buy +3.0 points more.", Read(outcomes));
    }

    [Fact]
    public void CountsTheChipsTheUnitsImproved()
    {
        var outcomes = Outcomes();
        outcomes["all"] = Outcome(["conv1", "conv2", "fc1"], [0.36, 0.33, 0.38], 3, 1.2);
        // Gains +6, −1, +6 points: mean +3.67, s = 4.04, CI ± 4.3027 · 4.04 / √3 = ± 10.04.
        Assert.Contains("Units on all layers improved 2 of 3 unseen chips; mean 32.0% → 35.7%, " +
                        "+3.7 points (95% CI −6.4 to +13.7): no clear change; after = 39.6% of clean.",
            Read(outcomes));
    }

    [Fact]
    public void ReadsTheGainAcrossSigma()
    {
        var outcomes = Outcomes();
        var atHalf = Outcome(["conv1", "conv2", "fc1"], [0.32, 0.36, 0.34]);
        var lines = Read(outcomes, [(0.5, atHalf), (0.8, outcomes["fc1"])]);
        Assert.Equal("Across σ, units on all layers: σ = 0.5: +2.0 points, raised; σ = 0.8: −3.0 points, lowered. " +
                     "Largest mean gain at σ = 0.5.", lines[^1]);
    }
}
