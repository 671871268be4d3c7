using CorrectNet.Crossbar;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// The ADC noise's sampler (docs/method.md F35, "ADC noise draws"): standard normal, draw i a function of (key, i)
/// alone, the vector path the scalar path's float32 arithmetic exactly. Tolerances are 5 standard errors of the
/// statistic at the sample size (a correct sampler fails one of them about once in 10^6 runs; the seeds are fixed).
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class NormalStreamTests
{
    private const int N = 1 << 20;

    private static float[] Draws(ulong key, int count)
    {
        var draws = new float[count];
        new NormalStream(key).Fill(draws);
        return draws;
    }

    [Fact]
    public void DrawsHaveTheStandardNormalsMomentsAndTails()
    {
        var z = Draws(2026, N);
        double mean = z.Average(v => (double)v);
        double variance = z.Average(v => (v - mean) * (v - mean));
        double kurtosis = z.Average(v => Math.Pow(v - mean, 4)) / (variance * variance);
        Assert.True(Math.Abs(mean) < 5 / Math.Sqrt(N), $"mean {mean}");
        Assert.True(Math.Abs(variance - 1) < 5 * Math.Sqrt(2.0 / N), $"variance {variance}");
        Assert.True(Math.Abs(kurtosis - 3) < 5 * Math.Sqrt(24.0 / N), $"kurtosis {kurtosis}");
        // Two-sided tails; 3.6542 is the ziggurat's r, so the last one counts only tail-sampled draws.
        foreach (var (bound, probability) in new[] { (1.0, 0.317310507863), (2.0, 0.045500263896),
                     (3.0, 0.002699796063), (3.6541528853610088, 2.58032488e-4) })
        {
            double share = z.Count(v => Math.Abs(v) > bound) / (double)N;
            double tolerance = 5 * Math.Sqrt(probability * (1 - probability) / N);
            Assert.True(Math.Abs(share - probability) < tolerance,
                $"P(|z| > {bound}) = {share}, expected {probability} ± {tolerance}");
        }
    }

    [Fact]
    public void TheEmpiricalDistributionIsWithinKolmogorovSmirnovsBoundOfPhi()
    {
        var z = Draws(7, N);
        Array.Sort(z);
        using var sorted = tensor(z, dtype: ScalarType.Float64);
        using var phi = special.ndtr(sorted);
        var cdf = phi.data<double>().ToArray();
        double d = 0;
        for (int i = 0; i < N; i++)
            d = Math.Max(d, Math.Max((i + 1.0) / N - cdf[i], cdf[i] - (double)i / N));
        // 1.95 / √n: the KS statistic's 0.1 % critical value (draws are float32, far finer than 1/√n).
        Assert.True(d < 1.95 / Math.Sqrt(N), $"KS distance {d}, bound {1.95 / Math.Sqrt(N)}");
    }

    [Fact]
    public void DrawIDependsOnTheKeyAndTheCounterAlone()
    {
        var whole = Draws(11, 300);
        var stream = new NormalStream(11);
        var first = new float[113];
        var rest = new float[187];
        stream.Fill(first);
        stream.Fill(rest);
        Assert.Equal(whole, first.Concat(rest).ToArray());
        Assert.Equal(300UL, stream.Position);

        // Streams of other keys are uncorrelated with it: |r| within 5 / √n.
        var a = Draws(1, 1 << 16);
        var b = Draws(2, 1 << 16);
        double r = a.Zip(b, (x, y) => (double)x * y).Average();
        Assert.True(Math.Abs(r) < 5 / Math.Sqrt(a.Length), $"correlation {r}");
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(13UL)] // an odd start: the vector path's lanes must still follow the counters
    public void AddFloorClampIsTheScalarArithmeticOnTheStreamsDraws(ulong start)
    {
        const int count = 1000; // 62 vectors of 16 (about 15 draws rejected by the ziggurat's first test) and a tail
        using var values = rand([count], dtype: ScalarType.Float32) * 40 - 20;
        var before = values.data<float>().ToArray();
        var stream = new NormalStream(99);
        stream.Fill(new float[start]);
        stream.AddFloorClamp(values, 1.5, -10, 10);

        var z = new float[count];
        Ziggurat.Fill(99, start, z);
        var expected = before.Select((v, i) => Math.Clamp(MathF.Floor(v + 1.5f * z[i]), -10f, 10f)).ToArray();
        Assert.Equal(expected, values.data<float>().ToArray());
        Assert.Equal(start + count, stream.Position);
    }

    [Fact]
    public void OtherTensorsGetTheSameDrawsThroughABuffer()
    {
        using var values = full([4, 25], 3.25, dtype: ScalarType.Float64);
        new NormalStream(5).AddFloorClamp(values, 0.7, 0, 7);
        var z = Draws(5, 100);
        var expected = z.Select(d => Math.Clamp(Math.Floor(3.25 + 0.7 * d), 0, 7)).ToArray();
        Assert.Equal(expected, values.data<double>().ToArray());
    }

    [Fact]
    public void TheSamplerIsInTheHardwaresKeyOnlyWhenThereIsNoise()
    {
        var noisy = new LayerHardware { AdcBits = 8, AdcNoiseLsb = 0.5 };
        Assert.Contains($"\"adc_noise_sampler\":\"{NormalStream.SamplerName}\"", JsonFormat.Serialize(noisy));
        Assert.DoesNotContain("adc_noise_sampler", JsonFormat.Serialize(noisy with { AdcNoiseLsb = 0 }));
        // Written, not read: a key's JSON reads back as the same hardware.
        var config = new CrossbarConfig { Hardware = noisy };
        Assert.Equal(config, JsonFormat.Deserialize<CrossbarConfig>(JsonFormat.Serialize(config), "test"));
    }
}
