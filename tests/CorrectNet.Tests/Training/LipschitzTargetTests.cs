using CorrectNet.Training;

namespace CorrectNet.Tests.Training;

/// <summary>λ(σ) = 1 / (E[e^θ] + 3·Std[e^θ]), θ ~ N(0, σ²) (docs/method.md F24).</summary>
public sealed class LipschitzTargetTests
{
    /// <summary>E[e^θ] and Std[e^θ] by Simpson's rule over the normal density on ±14σ (no lognormal formula
    /// used).</summary>
    private static (double Mean, double Std) LognormalMomentsByQuadrature(double sigma)
    {
        const int n = 20_000; // even
        double a = -14 * sigma, h = 28 * sigma / n;
        double m1 = 0, m2 = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = a + i * h;
            double weight = (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * h / 3;
            double density = Math.Exp(-t * t / (2 * sigma * sigma)) / (sigma * Math.Sqrt(2 * Math.PI));
            m1 += weight * density * Math.Exp(t);
            m2 += weight * density * Math.Exp(2 * t);
        }
        return (m1, Math.Sqrt(m2 - m1 * m1));
    }

    [Fact]
    public void ZeroSigmaGivesOne() => Assert.Equal(1.0, LipschitzTarget.Lambda(0));

    [Fact]
    public void HalfSigmaGivesTheDocumentedValue()
    {
        double lambda = LipschitzTarget.Lambda(0.5);

        // Closed form written out here: e^(σ²/2) = 1.13315, Std = sqrt((e^(σ²) − 1)·e^(σ²)) = 0.60390.
        double mean = Math.Exp(0.125), std = Math.Sqrt((Math.Exp(0.25) - 1) * Math.Exp(0.25));
        Assert.Equal(1 / (mean + 3 * std), lambda, 1e-12);
        Assert.Equal(0.340, lambda, 0.001); // docs/method.md F24 table (0.33958)

        // And from the definition, with the moments integrated numerically (Simpson error ≪ 1e-9 for this smooth
        // integrand).
        var (qMean, qStd) = LognormalMomentsByQuadrature(0.5);
        Assert.Equal(1 / (qMean + 3 * qStd), lambda, 1e-9);
    }

    [Theory]
    [InlineData(0.1, 0.765)]
    [InlineData(0.2, 0.610)]
    [InlineData(0.3, 0.498)]
    [InlineData(0.4, 0.410)]
    [InlineData(0.6, 0.281)]
    [InlineData(0.8, 0.189)]
    [InlineData(1.0, 0.123)]
    public void MatchesTheDocumentedTableAndTheDefinition(double sigma, double documented)
    {
        double lambda = LipschitzTarget.Lambda(sigma);
        Assert.Equal(documented, lambda, 0.0005); // the table has three decimals
        var (mean, std) = LognormalMomentsByQuadrature(sigma);
        Assert.Equal(1 / (mean + 3 * std), lambda, 1e-9);
    }

    [Fact]
    public void DecreasesMonotonically()
    {
        double previous = LipschitzTarget.Lambda(0);
        for (int i = 1; i <= 300; i++)
        {
            double current = LipschitzTarget.Lambda(i * 0.01);
            Assert.True(current < previous,
                $"λ({i * 0.01}) = {current} is not below λ({(i - 1) * 0.01}) = {previous}.");
            Assert.True(current > 0);
            previous = current;
        }
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void InvalidSigmaThrows(double sigma) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LipschitzTarget.Lambda(sigma));

    [Fact]
    public void ConfigTargetFollowsTheKind()
    {
        Assert.Equal(1.0, new LipschitzConfig { Kind = LipschitzKind.Parseval, Sigma = 0.5 }.Target);
        Assert.Equal(
            LipschitzTarget.Lambda(0.3), new LipschitzConfig { Kind = LipschitzKind.Enhanced, Sigma = 0.3 }.Target);
        // Parseval is the σ = 0 case
        Assert.Equal(1.0, new LipschitzConfig { Kind = LipschitzKind.Enhanced, Sigma = 0 }.Target);
    }
}
