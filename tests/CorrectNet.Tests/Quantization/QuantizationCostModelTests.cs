using CorrectNet.Crossbar;
using CorrectNet.Models;
using CorrectNet.Quantization;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Quantization;

/// <summary>
/// ADC cost of a setting (docs/method.md F18–F21): a hand count, monotone in every bit width, the twin's own count.
/// </summary>
[Collection(Crossbar.ModuleBuildingCollection.Name)]
public sealed class QuantizationCostModelTests
{
    [Fact]
    public void CostOfASmallModelEqualsAHandComputation()
    {
        // conv 3 → 5, 3×3, pad 1 on 6×6: 36 positions, 27 rows; fc 180 → 4. R = 8 rows per tile, FOM 10 fJ/step.
        using var net = SmallConvNet(seed: 4);
        var costs = new QuantizationCostModel(
            LayerProfiler.Profile(net, [3, 6, 6]), rows: 8, new AdcEnergyModel(10), inferencesPerSecond: 2000);
        var setting = new QuantizationSetting(
        [
            new LayerQuantization("conv", WeightBits: 6, BitsPerCell: 2, AdcBits: 7, InputBits: 8), // S = ⌈5/2⌉ = 3
            new LayerQuantization("fc", WeightBits: 8, BitsPerCell: 4, AdcBits: 5, InputBits: 8),   // S = ⌈7/4⌉ = 2
        ]);
        var cost = costs.Cost(setting);

        long conv = 36L * 5 * 4 * 3 * 2;   // positions × out × ⌈27/8⌉ tiles × slices × polarities = 4320
        long fc = 1L * 4 * 23 * 2 * 2;     // 1 × 4 × ⌈180/8⌉ = 23 tiles × 2 slices × 2 = 368
        double convPj = conv * 10 * 128 / 1000.0, fcPj = fc * 10 * 32 / 1000.0; // E(b) = FOM · 2^b, fJ → pJ
        Assert.Equal([conv, fc], cost.PerLayer.Select(l => l.Conversions));
        Assert.Equal(convPj, cost.PerLayer[0].Picojoules, 9);
        Assert.Equal(fcPj, cost.PerLayer[1].Picojoules, 9);
        Assert.Equal(convPj + fcPj, cost.TotalPicojoules, 9);
        Assert.Equal((convPj + fcPj) * 2000 * 1e-9, cost.PowerMilliwatts, 12); // pJ × 1/s → mW

        // The reference (F34): b_w 8, b_c 2 → S = 4, ADC lossless 2 + log2 8 + 8 = 13 bits at R = 8.
        var reference = costs.Reference();
        Assert.All(reference.Layers, l => Assert.Equal("8/2/13/8", l.Code));
        double referencePj = (36L * 5 * 4 + 4L * 23) * 4 * 2 * 10 * 8192 / 1000.0;
        Assert.Equal(referencePj, costs.TotalPicojoules(reference), 6);
        Assert.Equal(1 - (convPj + fcPj) / referencePj, cost.SavingAgainst(costs.Cost(reference)), 12);
    }

    [Fact]
    public void CostAgreesWithTheAnalogTwinsOwnCount()
    {
        using var net = SmallConvNet(seed: 4);
        using var generator = new Generator(3);
        using var images = rand([8, 3, 6, 6], generator: generator);
        var profiles = LayerProfiler.Profile(net, [3, 6, 6]);
        var costs = new QuantizationCostModel(profiles, rows: 8);
        var setting = new QuantizationSetting(
        [
            new LayerQuantization("conv", 7, 3, 9, 6),
            new LayerQuantization("fc", 5, 1, 6, 8),
        ]);
        var hardware = new CrossbarConfig { Hardware = new LayerHardware { Rows = 8 } };
        using var analog = AnalogConversion.ToAnalog(net, setting.ToCrossbarConfig(hardware), [3, 6, 6], images);
        var twin = new AdcEnergyModel().PerLayer(analog, profiles);
        var ours = costs.Cost(setting).PerLayer;
        Assert.Equal(
            twin.Select(l => (l.Layer, l.AdcBits, l.Conversions)),
            ours.Select(l => (l.Layer, l.AdcBits, l.Conversions)));
        Assert.Equal(twin.Sum(l => l.Picojoules), ours.Sum(l => l.Picojoules), 9);
    }

    [Fact]
    public void CostIsMonotoneInEveryBitWidth()
    {
        var costs = SyntheticProblem.Costs;
        var space = new QuantizationSpace
        {
            MinWeightBits = 2,
            MaxWeightBits = 12,
            MinBitsPerCell = 1,
            MaxBitsPerCell = 6,
            MinAdcBits = 1,
            MaxAdcBits = 20,
            MinInputBits = 1,
            MaxInputBits = 12,
        };
        var start = QuantizationSetting.Uniform(costs.LayerNames, 8, 2, 10, 8);
        foreach (string name in costs.LayerNames)
        {
            var layer = start[name];
            double Energy(LayerQuantization l) => costs.TotalPicojoules(start.With(l));
            for (int b = space.MinAdcBits; b < space.MaxAdcBits; b++) // strictly increasing: E ∝ 2^b_adc
                Assert.True(Energy(layer with { AdcBits = b + 1 }) > Energy(layer with { AdcBits = b }),
                    $"{name}: b_adc {b} → {b + 1}");
            for (int w = 3; w < space.MaxWeightBits; w++) // non-decreasing: more weight bits never fewer slices
                Assert.True(
                    Energy(layer with { WeightBits = w + 1, BitsPerCell = 2 })
                        >= Energy(layer with { WeightBits = w, BitsPerCell = 2 }),
                    $"{name}: b_w {w} → {w + 1}");
            Assert.True(
                Energy(layer with { WeightBits = 10, BitsPerCell = 2 })
                    > Energy(layer with { WeightBits = 9, BitsPerCell = 2 }),
                $"{name}: b_w 9 → 10 adds a slice");
            for (int c = 1; c < 7; c++) // non-increasing: more bits per cell never more slices
                Assert.True(Energy(layer with { BitsPerCell = c + 1 }) <= Energy(layer with { BitsPerCell = c }),
                    $"{name}: b_c {c} → {c + 1}");
            Assert.True(Energy(layer with { BitsPerCell = 4 }) < Energy(layer with { BitsPerCell = 2 }),
                $"{name}: b_c 2 → 4 halves the slices");
            for (int a = 1; a < space.MaxInputBits; a++) // multi-bit inputs: b_a does not change the conversions (F20)
                Assert.Equal(Energy(layer with { InputBits = a }), Energy(layer with { InputBits = a + 1 }), 9);
        }
    }

    [Theory]
    [InlineData(2, 128, 8, 17, 17)]
    [InlineData(1, 128, 8, 16, 15)]
    [InlineData(4, 64, 4, 14, 14)]
    public void LosslessAdcBitsFollowF18(int cell, int rows, int input, int bound, int exact)
    {
        Assert.Equal(bound, LosslessAdc.Bits(cell, rows, input));
        Assert.Equal(exact, LosslessAdc.ExactBits(cell, rows, input));
    }
}
