using CorrectNet.Compensation;
using CorrectNet.Experiments.Caching;

namespace CorrectNet.Tests.Compensation;

/// <summary>Units trained over a range of σ (docs/method.md F28a): which σ each training chip gets.</summary>
public sealed class SigmaRangeTrainingTests
{
    [Fact]
    public void WithoutARangeEveryTrainingChipIsAtTheHardwaresSigma()
    {
        var config = new CompensationTrainingConfig();
        Assert.All(Enumerable.Range(0, 50), k => Assert.Equal(1.0, config.SigmaScaleAt(k)));
    }

    /// <summary>
    /// The golden-ratio sequence puts N/10 ± 1 of N steps into each tenth of the range (the three-distance theorem
    /// bounds its counts; 200 steps, the default budget, give 19–21), and never leaves [lowest, 1).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    public void TheTrainingChipsSpreadEvenlyOverTheRange(double lowest)
    {
        var config = new CompensationTrainingConfig { LowestSigmaScale = lowest };
        const int steps = 200;
        var scales = Enumerable.Range(0, steps).Select(config.SigmaScaleAt).ToList();

        Assert.All(scales, s => Assert.InRange(s, lowest, 1 - 1e-12));
        Assert.Equal(lowest, scales[0]);
        double width = (1 - lowest) / 10;
        for (int bin = 0; bin < 10; bin++)
        {
            int count = scales.Count(s => s >= lowest + bin * width && s < lowest + (bin + 1) * width);
            Assert.InRange(count, steps / 10 - 1, steps / 10 + 1);
        }
    }

    [Fact]
    public void UnitsTrainedAtOneSigmaKeepTheirCacheKey()
    {
        var atOneSigma = new CompensationTrainingConfig();
        string json = JsonFormat.Serialize(atOneSigma);
        Assert.DoesNotContain("sigma_scale", json, StringComparison.Ordinal);
        var overRange = atOneSigma with { LowestSigmaScale = 0 };
        Assert.Contains("\"lowest_sigma_scale\":0", JsonFormat.Serialize(overRange), StringComparison.Ordinal);
        Assert.NotEqual(ResultCache.KeyOf(atOneSigma), ResultCache.KeyOf(overRange));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ARangeOutsideZeroToOneIsRefused(double lowest)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CompensationTrainingConfig { LowestSigmaScale = lowest }.Validate());
        Assert.Equal(nameof(CompensationTrainingConfig.LowestSigmaScale), error.ParamName);
    }
}
