using CorrectNet.Quantization;

namespace CorrectNet.Tests.Quantization;

/// <summary>docs/method.md F33b: the search's choice re-checked on held-out chips.</summary>
public sealed class HeldOutSelectionTests
{
    private const double Drop = 0.005;

    private static QuantizationSearchResult Search() =>
        new GreedyBitReduction(Rows: 128).Search(SyntheticProblem.Objectives(0.01));

    [Fact]
    public void AChoiceThatHoldsOnTheHeldOutChipsIsKeptAfterTwoChecks()
    {
        var search = Search();
        // Held-out chips that agree with the search chips, and the search's own δ: the choice holds.
        var choice = HeldOutSelection.Choose(search, s => SyntheticProblem.Accuracy(s), 0.01);

        Assert.Equal(search.Chosen.Setting, choice.Chosen.Setting);
        Assert.False(choice.Retreated);
        Assert.Equal(2, choice.Checks); // the reference and the choice
        Assert.Equal(SyntheticProblem.Accuracy(search.Reference.Setting) - 0.01, choice.Bound, 12);
    }

    [Fact]
    public void ASelectionBiasedChoiceRetreatsAlongTheSearchPathToTheCheapestSettingThatHolds()
    {
        var search = Search();
        double referenceEnergy = search.Reference.EnergyPicojoules;
        // Cheaper settings lose more on other chips: up to 3 points at zero energy, on top of the search accuracy.
        double HeldOut(QuantizationSetting s) =>
            SyntheticProblem.Accuracy(s) - 0.03 * (1 - SyntheticProblem.Costs.TotalPicojoules(s) / referenceEnergy);

        var choice = HeldOutSelection.Choose(search, HeldOut, Drop);

        var ladder = search.Path.Where(c => c.EnergyPicojoules < referenceEnergy)
            .OrderBy(c => c.EnergyPicojoules).Append(search.Reference).ToList();
        double bound = HeldOut(search.Reference.Setting) - Drop;
        Assert.True(ladder.Count >= 4, $"path of {ladder.Count}: too short to test the bisection");
        Assert.True(choice.Retreated, "the penalty should make the search's own choice fail");
        // The bisection's guarantee: the kept setting holds,
        // and the next cheaper one on the path was checked and did not.
        int kept = ladder.FindIndex(c => c.Setting.Equals(choice.Chosen.Setting));
        Assert.True(kept > 0, $"kept index {kept}");
        Assert.True(HeldOut(choice.Chosen.Setting) >= bound);
        Assert.Equal(choice.ChosenAccuracy, HeldOut(choice.Chosen.Setting), 12);
        var cheaper = Assert.Single(choice.Checked, c => c.Candidate.Setting.Equals(ladder[kept - 1].Setting));
        Assert.True(cheaper.Accuracy < bound);
        Assert.InRange(choice.Checks, 2, 2 + (int)Math.Ceiling(Math.Log2(ladder.Count)));
    }

    [Fact]
    public void GreedysPathStartsAtTheReferenceAndEveryMoveLowersTheEnergyWithinTheBound()
    {
        var search = Search();
        Assert.Equal(search.Reference.Setting, search.Path[0].Setting);
        Assert.Equal(search.Chosen.Setting, search.Path[^1].Setting);
        for (int i = 1; i < search.Path.Count; i++)
        {
            Assert.True(search.Path[i].EnergyPicojoules < search.Path[i - 1].EnergyPicojoules);
            Assert.True(search.Path[i].Accuracy >= search.AccuracyBound);
        }
    }

    [Fact]
    public void WhenNothingHoldsTheReferenceIsKept()
    {
        var search = Search();
        var choice = HeldOutSelection.Choose(search, s => s.Equals(search.Reference.Setting) ? 0.9 : 0.1, Drop);
        Assert.Equal(search.Reference.Setting, choice.Chosen.Setting);
        Assert.Equal(0.9, choice.ChosenAccuracy, 12);
    }
}
