using CorrectNet.Quantization;

namespace CorrectNet.Tests.Quantization;

/// <summary>
/// The searches on a synthetic accuracy function: greedy stays within the bound, the front holds no dominated point.
/// </summary>
public sealed class QuantizationSearchTests
{
    [Theory]
    [InlineData(0.01, 0)]
    [InlineData(0.01, 1)]
    [InlineData(0.003, 2)]
    [InlineData(0.0, 3)]
    [InlineData(0.05, 4)]
    public void GreedyNeverReturnsASettingBelowTheBoundOnItsOwnChips(double maxDrop, int jitter)
    {
        var objectives = SyntheticProblem.Objectives(maxDrop, jitter);
        var result = new GreedyBitReduction(Rows: 128).Search(objectives);

        double reference = SyntheticProblem.Accuracy(SyntheticProblem.Costs.Reference(), jitter);
        Assert.Equal(reference, result.Reference.Accuracy, 12);
        Assert.Equal(reference - maxDrop, result.AccuracyBound, 12);
        Assert.True(SyntheticProblem.Accuracy(result.Chosen.Setting, jitter) >= result.AccuracyBound,
            $"{result.Chosen.Setting.Key}: {result.Chosen.Accuracy} < bound {result.AccuracyBound}");
        // Some evaluated settings fell below the bound (the test would pass vacuously otherwise) and were refused.
        Assert.Contains(result.Evaluated, c => c.Accuracy < result.AccuracyBound);
        Assert.Equal(objectives.Evaluator.Evaluations, result.Evaluations);
        Assert.Equal(result.Evaluated.Count, result.Evaluations);
    }

    [Fact]
    public void GreedyCutsMostOfTheReferenceEnergyOnTheSyntheticProblem()
    {
        var result = new GreedyBitReduction(Rows: 128).Search(SyntheticProblem.Objectives(0.01));
        Assert.True(result.Saving > 0.99, $"saving {result.Saving:P2} with {result.Chosen.Setting.Key}");
        Assert.InRange(result.Evaluations, 5, 40);
    }

    /// <summary>
    /// Greedy starts from the cheapest uniform setting within the bound (F34a) and lowers single layers' ADC bits
    /// from there, so on its own chips it is never dearer than that baseline; on the synthetic problem, whose layers
    /// need 9, 7, 6 and 11 ADC bits, the per-layer moves save on every layer but the hungriest.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void GreedyIsNeverDearerThanTheUniformBaselineOnItsChips(int jitter)
    {
        var result = new GreedyBitReduction(Rows: 128).Search(SyntheticProblem.Objectives(0.01, jitter));
        var fresh = SyntheticProblem.Objectives(0.01, jitter);
        var uniform = UniformBaseline.Search(fresh, result.AccuracyBound, rows: 128);

        Assert.True(result.Chosen.EnergyPicojoules <= uniform.EnergyPicojoules,
            $"{result.Chosen.Setting.Key} dearer than {uniform.Setting.Key}");
        Assert.Contains(result.Path, c => c.Setting.Equals(uniform.Setting));
        if (jitter == 0)
        {
            Assert.True(result.Chosen.EnergyPicojoules < 0.9 * uniform.EnergyPicojoules,
                $"{result.Chosen.Setting.Key} against {uniform.Setting.Key}");
            Assert.True(result.Chosen.Setting.Layers.Select(l => l.AdcBits).Distinct().Count() >= 2,
                result.Chosen.Setting.Key);
        }
    }

    /// <summary>After the uniform start every accepted move lowers one layer's ADC by one bit and changes nothing
    /// else, so each is compared with the setting before it on the same device and noise draws (F33, pairing).
    /// </summary>
    [Fact]
    public void AfterTheUniformStartEveryMoveIsOneAdcBitOnOneLayer()
    {
        var objectives = SyntheticProblem.Objectives(0.01);
        var result = new GreedyBitReduction(Rows: 128).Search(objectives);
        var start = UniformBaseline.Search(SyntheticProblem.Objectives(0.01), result.AccuracyBound, rows: 128);
        var moves = result.Path.SkipWhile(c => !c.Setting.Equals(start.Setting)).ToList();

        Assert.True(moves.Count >= 3, $"{moves.Count - 1} moves");
        Assert.Equal(result.Chosen.Setting, moves[^1].Setting);
        foreach (var (before, after) in moves.Zip(moves.Skip(1)))
        {
            var changed = before.Setting.Layers.Zip(after.Setting.Layers).Where(p => p.First != p.Second).ToList();
            var (was, now) = Assert.Single(changed);
            Assert.Equal(was with { AdcBits = was.AdcBits - 1 }, now);
            Assert.True(after.EnergyPicojoules < before.EnergyPicojoules);
            Assert.True(after.Accuracy >= result.AccuracyBound);
        }
    }

    [Fact]
    public void TheParetoFrontHoldsNoDominatedPoint()
    {
        var random = new Random(5);
        var layers = new[] { "a" };
        var points = Enumerable.Range(0, 300).Select(i => new QuantizationCandidate(
            QuantizationSetting.Uniform(layers, 8, 2, 1 + i % 24, 1 + i / 24 % 16),
            Math.Round(random.NextDouble(), 2), Math.Round(1 + random.NextDouble() * 10, 1))).ToList();
        var front = ParetoFront.Of(points);
        Assert.NotEmpty(front);
        foreach (var member in front)
            Assert.DoesNotContain(points, p => p.Dominates(member));
        foreach (var point in points.Where(p => !front.Contains(p)))
            Assert.Contains(
                front,
                f => f.Dominates(point)
                    || f.Accuracy == point.Accuracy && f.EnergyPicojoules == point.EnergyPicojoules);
        Assert.Equal(
            front.OrderBy(c => c.EnergyPicojoules).Select(c => c.Setting.Key), front.Select(c => c.Setting.Key));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheEvolutionaryFrontHoldsNoDominatedPointAndIsSeeded(long seed)
    {
        var search = new EvolutionarySearch { Population = 10, Generations = 6, Seed = seed };
        var result = search.Search(SyntheticProblem.Objectives(0.01));
        Assert.True(result.Front.Count >= 3, $"front of {result.Front.Count}");
        foreach (var member in result.Front)
        {
            Assert.DoesNotContain(result.Evaluated, p => p.Dominates(member));
            Assert.Equal(SyntheticProblem.Accuracy(member.Setting), member.Accuracy, 12);
        }
        Assert.Equal(result.Front.Count, result.Front.Select(c => c.Setting.Key).Distinct().Count());
        Assert.True(result.Chosen.Accuracy >= result.AccuracyBound);
        Assert.True(result.Saving > 0.5, $"saving {result.Saving:P1}");

        var again = search.Search(SyntheticProblem.Objectives(0.01));
        Assert.Equal(result.Evaluated.Select(c => c.Setting.Key), again.Evaluated.Select(c => c.Setting.Key));
    }

    [Fact]
    public void TheEvaluatorComputesEachSettingOnce()
    {
        int calls = 0;
        var evaluator = new SettingEvaluator(s => { calls++; return 0.5; });
        var a = QuantizationSetting.Uniform(["x", "y"], 8, 2, 17, 8);
        var b = QuantizationSetting.Uniform(["x", "y"], 8, 2, 17, 8);
        evaluator.Accuracy(a);
        evaluator.Accuracy(b);
        evaluator.Accuracy(a.With(new LayerQuantization("y", 8, 2, 9, 8)));
        Assert.Equal(2, calls);
        Assert.Equal(2, evaluator.Evaluations);
        Assert.Equal(1, evaluator.CacheHits);
    }
}
