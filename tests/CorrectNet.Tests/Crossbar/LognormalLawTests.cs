using CorrectNet.Crossbar;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>The ratio w'/w = e^θ of the float model follows the lognormal law (docs/method.md F8, F10).</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class LognormalLawTests
{
    private const double Sigma = 0.5;

    /// <summary>w'/w for all 16384 weights of a 128×128 Linear layer on chip (seed 31, index 2).</summary>
    private static double[] Ratios(double sigma, long chipIndex = 2, double sigmaScale = 1)
    {
        using var net = SingleLinear(seed: 13, inFeatures: 128, outFeatures: 128);
        using var trained = WeightOf(net, "fc");
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(sigma), [1, 1, 128]);
        analog.UseChip(new Chip(31, chipIndex) { SigmaScale = sigmaScale });
        using var effective = WeightOf(net, "fc");
        return ToDoubles(effective / trained);
    }

    [Fact]
    public void RatioHasTheLognormalMeanAndVariance()
    {
        var r = Ratios(Sigma);
        int n = r.Length;
        double s2 = Sigma * Sigma;
        double mean = Math.Exp(s2 / 2);                       // F10: E[e^θ]
        double variance = (Math.Exp(s2) - 1) * Math.Exp(s2);   // F10: Var[e^θ]
        // SE(sample mean) = √(Var/n). SE(sample variance) ≈ Var·√((κ − 1)/n) with the lognormal kurtosis
        // κ = e^(4σ²) + 2e^(3σ²) + 3e^(2σ²) − 3. Tolerances: 4 SE.
        double kurtosis = Math.Exp(4 * s2) + 2 * Math.Exp(3 * s2) + 3 * Math.Exp(2 * s2) - 3;
        double meanTolerance = 4 * Math.Sqrt(variance / n);
        double varianceTolerance = 4 * variance * Math.Sqrt((kurtosis - 1) / n);

        double sampleMean = Mean(r), sampleVariance = Variance(r);
        Assert.True(Math.Abs(sampleMean - mean) < meanTolerance,
            $"mean w'/w = {sampleMean}, expected {mean} ± {meanTolerance}");
        Assert.True(Math.Abs(sampleVariance - variance) < varianceTolerance,
            $"var w'/w = {sampleVariance}, expected {variance} ± {varianceTolerance}");
        Assert.True(r.All(x => x > 0), "a lognormal factor is never ≤ 0");
    }

    [Fact]
    public void LogRatioPassesKolmogorovSmirnovAgainstNormal()
    {
        var logs = Ratios(Sigma).Select(r => Math.Log(r)).ToArray();
        int n = logs.Length;
        double critical = 1.63 / Math.Sqrt(n); // asymptotic 1% critical value of the one-sample KS statistic

        double d = KolmogorovSmirnov(logs, x => NormalCdf(x / Sigma));
        Assert.True(d < critical, $"KS D = {d} against N(0, σ²), 1% critical value {critical}");

        // Power check: the same statistic rejects a 20% wrong σ and a shift of 0.1σ, so the test above can fail.
        double wrongSigma = KolmogorovSmirnov(logs, x => NormalCdf(x / (1.2 * Sigma)));
        double shifted = KolmogorovSmirnov(logs, x => NormalCdf(x / Sigma - 0.1));
        Assert.True(wrongSigma > critical, $"KS D against N(0, (1.2σ)²) = {wrongSigma} should exceed {critical}");
        Assert.True(shifted > critical, $"KS D against N(0.1σ, σ²) = {shifted} should exceed {critical}");
    }

    /// <summary>
    /// A chip's SigmaScale s (units trained over a range of σ, F28a) scales every device's log-deviation: chip k at
    /// σ with scale s is chip k of σ·s, device for device, and scale 0 is the ideal devices.
    /// </summary>
    [Fact]
    public void ASigmaScaleScalesEachDevicesLogDeviation()
    {
        var full = Ratios(Sigma).Select(r => Math.Log(r)).ToArray();
        var scaled = Ratios(Sigma, sigmaScale: 0.3).Select(r => Math.Log(r)).ToArray();
        var direct = Ratios(0.3 * Sigma).Select(r => Math.Log(r)).ToArray();
        // float32 weights: the log of a ratio is good to a few 1e-7; 1e-5 is far below the 0.15 spread of θ.
        for (int i = 0; i < full.Length; i++)
        {
            Assert.True(Math.Abs(scaled[i] - 0.3 * full[i]) < 1e-5, $"device {i}: {scaled[i]} vs 0.3·{full[i]}");
            Assert.True(Math.Abs(scaled[i] - direct[i]) < 1e-5, $"device {i}: {scaled[i]} vs {direct[i]}");
        }
        Assert.All(Ratios(Sigma, sigmaScale: 0), r => Assert.Equal(1.0, r, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Chip(1, 0) { SigmaScale = -0.1 }.Validate());
    }

    [Fact]
    public void KolmogorovSmirnovHelperMatchesAKnownCase()
    {
        // Two points {−1, 1} against Φ: the largest gap is 1/2 − Φ(−1) = Φ(1) − 1/2 = 0.3413447.
        double d = KolmogorovSmirnov([-1.0, 1.0], NormalCdf);
        Assert.True(Math.Abs(d - 0.3413447) < 1e-6, $"D = {d}");
        Assert.True(Math.Abs(NormalCdf(1.959964) - 0.975) < 1e-6, $"Φ(1.959964) = {NormalCdf(1.959964)}");
        Assert.True(Math.Abs(NormalCdf(0) - 0.5) < 1e-7);
    }

    [Fact]
    public void GaussianMultiplicativeVariationIsNotLognormal()
    {
        // Another variation kind through the same path: (1 + θ) has mean 1, not e^(σ²/2) (sanity that the
        // moment test distinguishes the laws; tolerance 4 SE as above).
        using var net = SingleLinear(seed: 13, inFeatures: 128, outFeatures: 128);
        using var trained = WeightOf(net, "fc");
        var config = new CrossbarConfig
        {
            Variation = new DeviceVariation { Kind = VariationKind.GaussianMultiplicative, Sigma = 0.2 },
        };
        using var analog = AnalogConversion.ToAnalog(net, config, [1, 1, 128]);
        analog.UseChip(new Chip(31, 2));
        using var effective = WeightOf(net, "fc");
        var r = ToDoubles(effective / trained);
        double tolerance = 4 * 0.2 / Math.Sqrt(r.Length);
        Assert.True(Math.Abs(Mean(r) - 1) < tolerance, $"mean (1 + θ) = {Mean(r)}");
        Assert.True(Math.Abs(Math.Sqrt(Variance(r)) - 0.2) < 4 * 0.2 / Math.Sqrt(2.0 * (r.Length - 1)),
            $"std (1 + θ) = {Math.Sqrt(Variance(r))}");
    }
}
