using CorrectNet.Crossbar;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// The column ADC (docs/method.md F17): a b-bit uniform quantizer over the calibrated range, [0, M] for unsigned
/// partial sums and [−M, M] for signed ones, Δ = range / (2^b − 1), error ≤ Δ/2 inside the range, clipping
/// outside, and Gaussian noise of σ_adc LSB drawn fresh for every conversion.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class AdcTests
{
    /// <summary>F17's step for a range [0, M] (unsigned) or [−M, M] (signed).</summary>
    private static double ExpectedLsb(double fullScale, int bits, bool signed) =>
        (signed ? 2 * fullScale : fullScale) / (Math.Pow(2, bits) - 1);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void EnoughAdcBitsAreLossless(bool signedInputs, bool bitSerial)
    {
        using var net = SmallConvNet(seed: 1);
        using var generator = new Generator(7);
        // Signed images (normalized pixels can be negative) use the symmetric signed DAC (F16).
        using var images = signedInputs
            ? randn([16, 3, 6, 6], generator: generator)
            : rand([16, 3, 6, 6], generator: generator);
        var hardware = new LayerHardware
        {
            WeightBits = 6,
            BitsPerCell = 2,
            Rows = 8,
            InputBits = 5,
            BitSerialInput = bitSerial,
            AdcBits = 20,
        };
        var config = new CrossbarConfig { Hardware = hardware, DigitalLayers = ["fc"] };

        var conv = Conv(net, "conv");
        using var w = conv.weight!.detach().clone();
        var (q, scale) = Quantize(w.reshape(5, -1), 6, perChannel: false);
        using var wq = (q * scale).reshape(w.shape);
        var (codes, step) = InputCodes(images, 5);
        using var xq = codes * step;
        using var expected = nn.functional.conv2d(xq, wq, conv.bias!.detach(), padding: [1, 1]);

        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6], images);
        Assert.Equal(bitSerial ? (signedInputs ? 4 : 5) : 1, analog.Layers[0].InputCycles);
        using var capture = new OutputCapture(net, "conv");
        using (no_grad()) net.call(images).Dispose();

        double maxError = MaxAbsDiff(capture.Output!, expected);
        Assert.True(maxError < 1e-4, $"max |crossbar − reference| = {maxError}");
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(5, false)]
    [InlineData(3, true)]
    [InlineData(6, true)]
    public void ErrorIsWithinHalfAnLsbInsideTheRangeAndClipsOutside(int bits, bool signed)
    {
        const double fullScale = 37.3;
        var adc = new Adc(bits, noiseLsb: 0, AdcCalibration.Max, 99.99);
        using (var magnitudes = tensor(new[] { 1f, 20f, (float)fullScale }))
            adc.Calibrate(magnitudes, fullScale, signed, integerLevels: false);
        double lsb = ExpectedLsb(fullScale, bits, signed);
        Assert.Equal(lsb, adc.Lsb, 9);

        // 20001 evenly spaced partial sums across the whole range, both ends included.
        using var p = linspace(signed ? -fullScale : 0, fullScale, 20001, dtype: ScalarType.Float64);
        using var read = adc.Convert(p, noise: null);
        using var codes = read / lsb;
        double maxError = MaxAbsDiff(read, p);
        Assert.True(maxError <= lsb / 2 * (1 + 1e-9),
            $"max |ADC(p) − p| = {maxError} = {maxError / lsb} LSB inside the range");
        // Whole codes, 2^b of them at most, and all of them used across the range.
        Assert.True(MaxAbsDiff(codes, codes.round()) < 1e-9);
        long distinct = codes.round().unique().Item1.shape[0];
        Assert.True(distinct <= Math.Pow(2, bits), $"{distinct} codes from a {bits}-bit ADC");
        Assert.True(distinct >= Math.Pow(2, bits) - 1, $"only {distinct} codes used across the range");

        // Outside the range: clipped to the nearest end, so the error grows past Δ/2.
        using var outside = tensor(new[] { 1.5 * fullScale, signed ? -1.5 * fullScale : 0 }, dtype: ScalarType.Float64);
        var clipped = ToDoubles(adc.Convert(outside, noise: null));
        Assert.True(Math.Abs(clipped[0] - fullScale) <= lsb / 2 + 1e-9, $"ADC(1.5 M) = {clipped[0]}, M = {fullScale}");
        if (signed) Assert.True(Math.Abs(clipped[1] + fullScale) <= lsb / 2 + 1e-9, $"ADC(−1.5 M) = {clipped[1]}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearLayerWithOneTileReadsEachPartialSumWithinHalfAnLsb(bool signedInputs)
    {
        // One tile, one slice, non-negative weights: the negative column of every pair holds zeros, so each output is
        // one ADC reading of one partial sum P = Σ_i x_i q_ij (integers), and y = s_w · s_a · ADC(P) + b.
        const int inputs = 32, outputs = 8, adcBits = 5;
        using var net = SingleLinear(seed: 23, inFeatures: inputs, outFeatures: outputs, positive: true);
        using var generator = new Generator(29);
        // Signed: every image also enters negated, so partial sums reach both ends of [−M, M].
        using var half = randn([32, inputs], generator: generator);
        using var x = signedInputs ? cat([half, -half], 0) : rand([64, inputs], generator: generator);
        var fc = Linear(net, "fc");
        using var w = fc.weight!.detach().clone();
        using var bias = fc.bias!.detach().clone();

        var (q, scale) = Quantize(w, 5, perChannel: false);
        var (codes, step) = InputCodes(x, 4);
        using var partial = codes.mm(q.t()); // (64, 8) ideal partial sums, in level·code units
        double fullScale = partial.abs().max().item<float>();

        var hardware = new LayerHardware { WeightBits = 5, InputBits = 4, AdcBits = adcBits };
        using var analog =
            AnalogConversion.ToAnalog(net, new CrossbarConfig { Hardware = hardware }, [1, 1, inputs], x);
        var layer = analog.Layers.Single();
        Assert.Equal(1, layer.Tiles);
        Assert.Equal(1, layer.Slices);
        Assert.Equal(fullScale, layer.AdcFullScale, 3); // calibrated on the same batch: M = max |P|

        double lsb = ExpectedLsb(fullScale, adcBits, signedInputs);
        Assert.True(lsb > 1, "the ADC must be coarse for this test to mean anything");
        using var y = net.call(x).detach();
        using var read = (y - bias) / (scale[0, 0].item<float>() * step); // ADC(P) in partial-sum units
        using var errorInLsb = (read - partial).abs() / lsb;
        double worst = errorInLsb.max().item<float>();
        Assert.True(worst <= 0.5 + 1e-4, $"worst |ADC(P) − P| = {worst} LSB (Δ = {lsb})");
        Assert.True(worst > 0.25, $"worst error {worst} LSB: the ADC does not seem to quantize");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(2.0)]
    public void NoiseStdMatchesSigmaAdcInLsb(double sigmaLsb)
    {
        // Lsb = 1 (integer levels, M = 2^10 − 1). Partial sums uniform over [100, 900]: the rounding error u is then
        // uniform on [−½, ½] and independent of the noise, so e = ADC(p) − p has Var e = σ_adc² + 1/12.
        const int n = 200_000;
        var adc = new Adc(10, sigmaLsb, AdcCalibration.Max, 99.99);
        using (var magnitudes = tensor(new[] { 1023f }))
            adc.Calibrate(magnitudes, 1023, signed: false, integerLevels: true);
        Assert.Equal(1, adc.Lsb);
        using var pGenerator = new Generator(41);
        using var p = rand([n], generator: pGenerator, dtype: ScalarType.Float64) * 800 + 100;
        var noise = new NormalStream(43);
        var e = ToDoubles(adc.Convert(p, noise) - p);

        double variance = sigmaLsb * sigmaLsb + 1.0 / 12;
        // SE(mean) = √(Var e / n); SE(sample variance) ≈ Var e · √(2/n) (e is nearly normal); tolerances 4 SE.
        double meanTolerance = 4 * Math.Sqrt(variance / n);
        double varianceTolerance = 4 * variance * Math.Sqrt(2.0 / n);
        double sampleVariance = Variance(e);
        Assert.True(Math.Abs(Mean(e)) < meanTolerance, $"mean noise {Mean(e)} LSB, tolerance {meanTolerance}");
        Assert.True(Math.Abs(sampleVariance - variance) < varianceTolerance,
            $"measured σ_adc = {Math.Sqrt(Math.Max(0, sampleVariance - 1.0 / 12))} LSB, expected {sigmaLsb} " +
            $"(Var e = {sampleVariance} vs {variance} ± {varianceTolerance})");

        // Fresh for every conversion: the same partial sums read twice give different codes.
        using var again = adc.Convert(p, noise);
        using var first = adc.Convert(p, noise);
        Assert.False(BitIdentical(again, first), "two conversions drew the same noise");
    }

    [Fact]
    public void NoiseDrawsAreTheStreamsOwnInOrderWhateverTheRequestSizes()
    {
        // A large request, a small one, a large one again: each conversion takes the stream's next draws, element by
        // element in row-major order, and rounds v + σ·z in float32 (docs/method.md F35).
        var adc = new Adc(10, 0.7, AdcCalibration.Max, 99.99);
        using (var magnitudes = tensor(new[] { 1023f }))
            adc.Calibrate(magnitudes, 1023, signed: false, integerLevels: true);
        using var large = full([3, 1000], 500.25f);
        using var small = full([7, 11], 300.25f);
        var noise = new NormalStream(5);
        var same = new NormalStream(5);
        foreach (var p in new[] { large, small, large })
        {
            using var read = adc.Convert(p, noise);
            var z = new float[p.numel()];
            same.Fill(z);
            float shifted = p.flatten()[0].item<float>() + 0.5f; // Δ = 1
            var expected = z.Select(d => Math.Clamp(MathF.Floor(shifted + 0.7f * d), 0f, 1023f)).ToArray();
            Assert.Equal(expected, read.data<float>().ToArray());
        }
        Assert.Equal(same.Position, noise.Position);
    }

    [Fact]
    public void WithoutNoiseTheReadingIsDeterministicAndIntegerLevelsAreExact()
    {
        var adc = new Adc(8, noiseLsb: 0.5, AdcCalibration.Max, 99.99);
        using (var magnitudes = tensor(new[] { 200f }))
            adc.Calibrate(magnitudes, 200, signed: false, integerLevels: true);
        using var p = arange(0, 201, dtype: ScalarType.Float32);
        using var read = adc.Convert(p, noise: null); // no generator: the ideal devices read noise-free
        Assert.True(BitIdentical(read, p), "integer partial sums within 2^8 − 1 must read exactly");
    }

    [Fact]
    public void PercentileCalibrationClipsTheTail()
    {
        var adc = new Adc(8, 0, AdcCalibration.Percentile, 50);
        using var magnitudes = arange(1, 101, dtype: ScalarType.Float32); // 1 … 100
        adc.Calibrate(magnitudes, 100, signed: false, integerLevels: false);
        Assert.Equal(50, adc.FullScale, 6); // nearest rank: ⌈0.5 · 100⌉-th smallest
        using var read = adc.Convert(tensor(new[] { 80f }), noise: null);
        Assert.Equal(50, read.item<float>(), 4);
    }
}
