using CorrectNet.Evaluation;

namespace CorrectNet.Tests.Evaluation;

/// <summary>Sample statistics, Student-t quantiles and the 95% confidence interval of Monte-Carlo results.</summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(4, 2.7764)]
    [InlineData(10, 2.2281)]
    [InlineData(30, 2.0423)]
    [InlineData(31, 2.0395)]
    [InlineData(40, 2.0211)]
    [InlineData(60, 2.0003)]
    [InlineData(100, 1.9840)]
    [InlineData(120, 1.9799)]
    [InlineData(1000, 1.9623)]
    public void StudentT975MatchesTables(int df, double expected)
    {
        double t = ConfidenceInterval.StudentT975(df);
        Assert.True(Math.Abs(t - expected) < 1e-3, $"t(0.975, {df}) = {t}, table {expected}");
    }

    [Fact]
    public void StudentT975RejectsZeroDegreesOfFreedom() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.StudentT975(0));

    [Fact]
    public void StudentT975DecreasesTowardsTheNormalQuantile()
    {
        for (int df = 1; df < 500; df++)
            Assert.True(ConfidenceInterval.StudentT975(df + 1) < ConfidenceInterval.StudentT975(df),
                $"not decreasing at df = {df}");
        Assert.True(ConfidenceInterval.StudentT975(100_000) - 1.959964 is > 0 and < 1e-4);
    }

    [Fact]
    public void PercentileInterpolatesLinearlyBetweenOrderStatistics()
    {
        double[] samples = [5, 1, 4, 2, 3];
        Assert.Equal(1, Statistics.Percentile(samples, 0));
        Assert.Equal(3, Statistics.Percentile(samples, 50));
        Assert.Equal(5, Statistics.Percentile(samples, 100));
        Assert.Equal(2, Statistics.Percentile(samples, 25), 12);
        Assert.Equal(1.4, Statistics.Percentile(samples, 10), 12);   // position 0.1·4 = 0.4 between 1 and 2
        Assert.Equal(4.8, Statistics.Percentile(samples, 95), 12);   // position 3.8 between 4 and 5
        Assert.Equal(13, Statistics.Percentile([20.0, 10.0], 30), 12);
        Assert.Equal(7, Statistics.Percentile([7.0], 42));
        Assert.Throws<ArgumentException>(() => Statistics.Percentile([], 50));
    }

    [Fact]
    public void StandardDeviationUsesNMinusOne()
    {
        Assert.Equal(Math.Sqrt(2.5), Statistics.StandardDeviation([1.0, 2, 3, 4, 5]), 12);
        Assert.Equal(0, Statistics.StandardDeviation([3.0]));
    }

    [Fact]
    public void MonteCarloConfidenceIntervalStaysWithinZeroAndOne()
    {
        // 0.98 ± 4.3027 · 0.02 / √3 reaches 1.0297 before the cut.
        var result = new MonteCarloResult(
            "x", Seed: 1, FirstChip: 0, ChipAccuracies: [0.96, 0.98, 1.0], CleanAccuracy: 1, AdcEnergyPicojoules: null);
        Assert.Equal(1.0, result.Ci95.High);
        Assert.Equal(0.98 - 4.3027 * 0.02 / Math.Sqrt(3), result.Ci95.Low, 4);
    }

    [Fact]
    public void MonteCarloResultSummarizesItsChips()
    {
        var result = new MonteCarloResult(
            "x",
            Seed: 1,
            FirstChip: 10,
            ChipAccuracies: [0.5, 0.6, 0.7],
            CleanAccuracy: 0.9,
            AdcEnergyPicojoules: null);
        Assert.Equal(3, result.Chips);
        Assert.Equal(0.6, result.Mean, 12);
        Assert.Equal(0.1, result.Std, 12);
        Assert.Equal(0.5, result.Min);
        Assert.Equal(0.7, result.Max);
        Assert.Equal(0.6, result.Median, 12);
        Assert.Equal(0.51, result.P5, 12);   // position 0.05·2 = 0.1
        Assert.Equal(0.69, result.P95, 12);
        // 0.6 ± t(0.975, 2) · 0.1 / √3 = 0.6 ± 4.3027 · 0.057735
        double half = 4.3027 * 0.1 / Math.Sqrt(3);
        Assert.Equal(0.6 - half, result.Ci95.Low, 4);
        Assert.Equal(0.6 + half, result.Ci95.High, 4);
        var single = result with { ChipAccuracies = [0.8] };
        Assert.Equal((0.8, 0.8), single.Ci95);
    }

    [Fact]
    public void ConfidenceIntervalCoversTheTrueMeanInAbout95PercentOfSamples()
    {
        // 2000 seeded samples of n = 5 from N(3, 2²). Coverage ~ Binomial(2000, 0.95)/2000, std √(0.95·0.05/2000)
        // = 0.00487; tolerance 4 std = 0.0195. A normal (z) interval would cover only ≈ 0.878 at n = 5 and fail.
        const int repetitions = 2000, n = 5;
        const double trueMean = 3, sigma = 2;
        var random = new Random(20240);
        int covered = 0;
        for (int r = 0; r < repetitions; r++)
        {
            var sample = new double[n];
            for (int i = 0; i < n; i++) sample[i] = trueMean + sigma * Gaussian(random);
            var (low, high) = ConfidenceInterval.Of(sample);
            if (low <= trueMean && trueMean <= high) covered++;
        }
        double coverage = (double)covered / repetitions;
        double tolerance = 4 * Math.Sqrt(0.95 * 0.05 / repetitions);
        Assert.True(Math.Abs(coverage - 0.95) < tolerance, $"coverage {coverage}, expected 0.95 ± {tolerance}");
    }

    // Box–Muller.
    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
