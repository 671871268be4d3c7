using CorrectNet.Evaluation;
using CorrectNet.Quantization;

namespace CorrectNet.Tests.Evaluation;

/// <summary>Racing on paired chips (docs/method.md F39) on constructed score tables.</summary>
public sealed class PairedRaceTests
{
    private static readonly PairedRaceConfig Budget = new() { Chips = 20, MinChips = 5 };

    /// <summary>A shared chip effect (some chips are harder for every candidate): what pairing cancels.</summary>
    private static double ChipEffect(int chip) => 0.1 * Math.Sin(1.7 * chip);

    [Fact]
    public void KeepsTheLateWinnerAndDropsTheClearlyWorseAfterMinChips()
    {
        // B trails A on the first chips (gaps −0.02, +0.03, −0.01, +0.02, −0.03: mean −0.002, far inside the
        // interval) and leads by 0.03 on each later chip, so the full budget picks B. C is A − 0.2 on every chip.
        double[] bMinusA = [-0.02, 0.03, -0.01, 0.02, -0.03, .. Enumerable.Repeat(0.03, 15)];
        double A(int chip) => 0.7 + ChipEffect(chip);
        var table = new Dictionary<string, Func<int, double>>
        {
            ["A"] = A,
            ["B"] = chip => A(chip) + bMinusA[chip],
            ["C"] = chip => A(chip) - 0.2,
        };
        string[] candidates = ["A", "B", "C"];
        var calls = new List<(string, int)>();

        var race = PairedRace.Run(candidates, (c, chip) =>
        {
            calls.Add((c, chip));
            return table[c](chip);
        }, Budget);

        string fullBudgetWinner = candidates.MaxBy(c => Enumerable.Range(0, 20).Average(table[c]))!;
        Assert.Equal("B", fullBudgetWinner);
        Assert.Equal("B", race.Winner.Candidate);
        Assert.Equal(20, race.Winner.Scores.Count); // the survivor is reported on the full budget
        Assert.Equal(5, race.Entries[2].DroppedAfter); // C: gap 0.2 ± 0.03 after 5 chips
        // A leads from chip 5 on and B pulls ahead; A is dropped once B's paired lead is clear, not at chip 5.
        Assert.Null(race.Entries[1].DroppedAfter);
        Assert.NotNull(race.Entries[0].DroppedAfter);
        int aChips = race.Entries[0].Scores.Count;
        Assert.InRange(aChips, 6, 19);
        Assert.Equal(aChips + 20 + 5, race.Evaluations);
        Assert.Equal(calls.Count, race.Evaluations);
        Assert.True(race.Evaluations < race.FullBudget);
        // chip-major order: every survivor sees chip i before any sees chip i + 1
        Assert.Equal(calls.OrderBy(c => c.Item2).Select(c => c.Item2), calls.Select(c => c.Item2));
    }

    [Fact]
    public void ConstantGapsDropEveryOtherCandidateAtMinChips()
    {
        // Candidate k scores 0.8 − 0.01·k + the shared chip effect: every paired gap is constant, so after MinChips
        // the leader (k = 0) is clearly best and the race costs K·MinChips + (Chips − MinChips) evaluations.
        var candidates = Enumerable.Range(0, 32).ToList();
        var race = PairedRace.Run(candidates, (k, chip) => 0.8 - 0.01 * k + ChipEffect(chip), Budget);

        Assert.Equal(0, race.Winner.Candidate);
        Assert.Equal(32 * 5 + 15, race.Evaluations);
        Assert.Equal(32 * 20, race.FullBudget);
        Assert.Equal(1, race.Survivors);
        Assert.All(race.Entries.Skip(1), e => Assert.Equal(5, e.DroppedAfter));
    }

    [Fact]
    public void NoiseWithinTheIntervalDropsNobody()
    {
        // Two candidates equal in mean with alternating paired gaps ±0.05: never clearly different.
        var race = PairedRace.Run(["x", "y"],
            (c, chip) => 0.5 + ChipEffect(chip) + (c == "y" ? 0.05 * (chip % 2 == 0 ? 1 : -1) : 0), Budget);

        Assert.Equal(2, race.Survivors);
        Assert.Equal(race.FullBudget, race.Evaluations);
    }

    [Fact]
    public void RacesQuantizationSettings()
    {
        // The core is generic: the same race compares quantization settings by per-chip accuracy.
        string[] layers = ["conv1", "fc1"];
        var settings = new[] { 8, 6, 4, 3 }
            .Select(adc => QuantizationSetting.Uniform(layers, weightBits: 8, bitsPerCell: 2, adcBits: adc,
                inputBits: 8))
            .ToList();
        var race = PairedRace.Run(settings,
            (s, chip) => 0.9 - 0.05 * (8 - s.Layers[0].AdcBits) + ChipEffect(chip), Budget);

        Assert.Equal(8, race.Winner.Candidate.Layers[0].AdcBits);
        Assert.Equal(4 * 5 + 15, race.Evaluations);
    }

    [Fact]
    public void ClearlyWorseNeedsAPairedGapBeyondItsInterval()
    {
        // gaps 0.1, 0.1, 0.1: zero spread, mean > 0 → worse; gaps 0.3, −0.1, 0.1: mean 0.1, sd 0.2,
        // t(0.975, 2) = 4.3027 → half-width 0.497 → not clearly worse.
        Assert.True(PairedRace.ClearlyWorse([0.6, 0.7, 0.8], [0.5, 0.6, 0.7]));
        Assert.False(PairedRace.ClearlyWorse([0.8, 0.6, 0.8], [0.5, 0.7, 0.7]));
        Assert.False(PairedRace.ClearlyWorse([0.5, 0.6], [0.5, 0.6]));
    }

    [Fact]
    public void RejectsABudgetWithoutSpread()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PairedRaceConfig { MinChips = 1 }.Validate());
        Assert.Contains("MinChips", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PairedRaceConfig { Chips = 3, MinChips = 5 }.Validate());
    }
}
