using CorrectNet.Crossbar;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// Quantization, differential pair and slicing (docs/method.md F11–F14) reconstruct the quantized weight exactly
/// when devices do not vary; a finite on/off ratio adds an offset that cancels within each pair.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class WeightMappingTests
{
    private static Tensor TestWeight()
    {
        zeros(1).Dispose();
        using var generator = new Generator(17);
        var w = randn([6, 40], generator: generator) * 0.2;
        w[3] = zeros(40); // an all-zero output channel must map to zero levels
        return w;
    }

    [Theory]
    [InlineData(1, false, null)]
    [InlineData(2, false, null)]
    [InlineData(3, false, null)]
    [InlineData(1, true, null)]
    [InlineData(2, true, null)]
    [InlineData(3, true, null)]
    [InlineData(1, false, 10.0)]
    [InlineData(2, true, 10.0)]
    [InlineData(3, false, 25.0)]
    public void SlicesAndDifferentialPairReconstructTheQuantizedWeight(
        int bitsPerCell,
        bool perChannel,
        double? onOffRatio)
    {
        using var w = TestWeight();
        foreach (int weightBits in new[] { 4, 6, 8 })
        {
            if (bitsPerCell > weightBits - 1) continue;
            using var scope = NewDisposeScope();
            var hardware = new LayerHardware
            {
                WeightBits = weightBits,
                BitsPerCell = bitsPerCell,
                PerChannelScale = perChannel,
                OnOffRatio = onOffRatio,
            };
            using var mapping = new WeightMapping(w, hardware.Validate(""));
            var (q, scale) = Quantize(w, weightBits, perChannel);
            string at = $"b_w={weightBits}, b_c={bitsPerCell}, perChannel={perChannel}, ρ={onOffRatio}";

            int slices = (weightBits - 1 + bitsPerCell - 1) / bitsPerCell; // S = ⌈(b_w − 1)/b_c⌉
            Assert.Equal(slices, mapping.Slices);
            Assert.Equal(2, mapping.Polarities);
            Assert.Equal(new long[] { 2, slices, 6, 40 }, mapping.Conductance.shape);

            // Every device holds the digit d±_k = ⌊|q±| / 2^(k·b_c)⌋ mod 2^(b_c), plus g_off = (2^b_c − 1)/(ρ − 1).
            double levels = Math.Pow(2, bitsPerCell);
            double off = onOffRatio is { } rho ? (levels - 1) / (rho - 1) : 0;
            Assert.Equal(off, mapping.OffConductance, 12);
            var qPlus = q.clamp_min(0);
            var qMinus = (-q).clamp_min(0);
            for (int k = 0; k < slices; k++)
            {
                double power = Math.Pow(levels, k);
                var digitPlus = (qPlus / power).floor().remainder(levels);
                var digitMinus = (qMinus / power).floor().remainder(levels);
                Assert.True(MaxAbsDiff(mapping.Conductance[0, k] - off, digitPlus) < 1e-5,
                    $"{at}: slice {k}, positive column");
                Assert.True(MaxAbsDiff(mapping.Conductance[1, k] - off, digitMinus) < 1e-5,
                    $"{at}: slice {k}, negative column");
            }
            Assert.True(mapping.Conductance.min().item<float>() >= off - 1e-6, at);
            Assert.True(mapping.Conductance.max().item<float>() <= levels - 1 + off + 1e-5, at);

            // Σ_k 2^(k·b_c)(g⁺_k − g⁻_k) · s = q · s.
            var expected = q * scale;
            var actual = mapping.EffectiveWeight(mapping.Conductance);
            if (onOffRatio is null)
                Assert.True(BitIdentical(actual, expected), $"{at}: max |Δ| = {MaxAbsDiff(actual, expected)}");
            else
            {
                // The offsets cancel up to float rounding of (d + g_off): |Δq| ≤ 2^(b_w−1) · S · 2 ulp ≪ 1e-3.
                double error = ((actual - expected).abs() / scale).max().item<float>();
                Assert.True(error < 1e-3, $"{at}: max |Δq| = {error}");
            }
        }
    }

    [Fact]
    public void WithoutSlicingOneDevicePerPolarityHoldsTheWholeMagnitude()
    {
        using var w = TestWeight();
        using var mapping = new WeightMapping(w, new LayerHardware { WeightBits = 5, Rows = 16 });
        var (q, scale) = Quantize(w, 5, perChannel: false);
        Assert.Equal(1, mapping.Slices);
        Assert.Equal(15, mapping.MaxLevel); // 2^(5−1) − 1
        Assert.True(BitIdentical(mapping.Conductance[0, 0], q.clamp_min(0)));
        Assert.True(BitIdentical(mapping.Conductance[1, 0], (-q).clamp_min(0)));
        Assert.True(BitIdentical(mapping.EffectiveWeight(mapping.Conductance), q * scale));
    }

    [Theory]
    [InlineData(1, false, null)]
    [InlineData(2, true, null)]
    [InlineData(3, false, 10.0)]
    public void AnalogLayerWithoutVariationUsesTheQuantizedWeight(int bitsPerCell, bool perChannel, double? onOffRatio)
    {
        // Through the public path: no ADC, so the layer's weight becomes the effective weight of its conductances.
        using var net = SmallConvNet(seed: 2);
        using var trained = WeightOf(net, "conv");
        var hardware = new LayerHardware
        {
            WeightBits = 7,
            BitsPerCell = bitsPerCell,
            PerChannelScale = perChannel,
            OnOffRatio = onOffRatio,
            Rows = 8,
        };
        using var analog = AnalogConversion.ToAnalog(net, new CrossbarConfig { Hardware = hardware }, [3, 6, 6]);
        var (q, scale) = Quantize(trained.reshape(5, -1), 7, perChannel);
        using var expected = (q * scale).reshape(trained.shape);
        using var actual = WeightOf(net, "conv");
        double tolerance = onOffRatio is null ? 0 : 1e-3 * scale.max().item<float>();
        Assert.True(MaxAbsDiff(actual, expected) <= tolerance, $"max |Δw| = {MaxAbsDiff(actual, expected)}");
        var layer = analog.Layers.Single(l => l.Name == "conv");
        Assert.Equal((6 + bitsPerCell - 1) / bitsPerCell, layer.Slices);
        Assert.Equal(4, layer.Tiles); // ⌈27 / 8⌉
    }
}
