using CorrectNet.Crossbar;
using CorrectNet.Models;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>ADC energy (docs/method.md F19–F21): E(b) = FOM · 2^b, N_conv by hand.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class AdcEnergyModelTests
{
    [Fact]
    public void EnergyPerConversionIsFomTimesTwoToTheBits()
    {
        var model = new AdcEnergyModel(FomFemtojoules: 12.5);
        for (int bits = 1; bits <= 16; bits++)
            Assert.Equal(12.5 * Math.Pow(2, bits) / 1000, model.ConversionPicojoules(bits), 12); // fJ → pJ
        Assert.Equal(2.0, model.ConversionPicojoules(9) / model.ConversionPicojoules(8), 12);
        Assert.Equal(10.0 * 256 / 1000, new AdcEnergyModel().ConversionPicojoules(8), 12); // default FOM 10 fJ/step
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConversionCountOfASmallConvLayerMatchesAHandCount(bool bitSerial)
    {
        // conv: 3 → 5 channels, 3×3, pad 1 on 6×6 images; fc: 180 → 4.
        using var net = SmallConvNet(seed: 4);
        using var generator = new Generator(3);
        using var images = rand([8, 3, 6, 6], generator: generator); // non-negative: unsigned 4-bit inputs
        var hardware = new LayerHardware
        {
            WeightBits = 6,
            BitsPerCell = 2,
            Rows = 8,
            InputBits = 4,
            BitSerialInput = bitSerial,
            AdcBits = 7,
        };
        using var analog =
            AnalogConversion.ToAnalog(net, new CrossbarConfig { Hardware = hardware }, [3, 6, 6], images);
        var profiles = LayerProfiler.Profile(net, [3, 6, 6]);

        // By hand: output positions × out channels × tiles × slices × polarities × input cycles.
        //   conv: 6·6 = 36 positions, 5 channels, ⌈27/8⌉ = 4 tiles, ⌈(6−1)/2⌉ = 3 slices, 2 polarities, 4 or 1 cycles.
        //   fc:   1 position, 4 outputs, ⌈180/8⌉ = 23 tiles, 3 slices, 2 polarities, 4 or 1 cycles.
        int cycles = bitSerial ? 4 : 1;
        long convCount = 36L * 5 * 4 * 3 * 2 * cycles;  // 4320 · cycles
        long fcCount = 1L * 4 * 23 * 3 * 2 * cycles;    // 552 · cycles
        var energy = new AdcEnergyModel(FomFemtojoules: 10);
        var perLayer = energy.PerLayer(analog, profiles);
        Assert.Equal(["conv", "fc"], perLayer.Select(l => l.Layer));
        Assert.Equal(convCount, perLayer[0].Conversions);
        Assert.Equal(fcCount, perLayer[1].Conversions);
        Assert.Equal(7, perLayer[0].AdcBits);
        double perConversion = 10 * Math.Pow(2, 7) / 1000; // pJ
        Assert.Equal(convCount * perConversion, perLayer[0].Picojoules, 9);
        Assert.Equal((convCount + fcCount) * perConversion, energy.TotalPicojoules(analog, profiles)!.Value, 9);
        Assert.Equal(convCount, AdcEnergyModel.Conversions(36, 5, 4, 3, 2, cycles));
    }

    [Fact]
    public void LayersWithoutAdcCostNothing()
    {
        using var net = SmallConvNet(seed: 4);
        using var generator = new Generator(3);
        using var images = rand([8, 3, 6, 6], generator: generator);
        var profiles = LayerProfiler.Profile(net, [3, 6, 6]);
        var withAdc = new LayerHardware { WeightBits = 6, InputBits = 4, AdcBits = 9 };
        var config = new CrossbarConfig
        {
            Hardware = new LayerHardware { WeightBits = 6 },
            Overrides = new Dictionary<string, LayerHardware> { ["fc"] = withAdc },
        };
        using (var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6], images))
        {
            var perLayer = new AdcEnergyModel().PerLayer(analog, profiles);
            var fc = Assert.Single(perLayer);
            Assert.Equal("fc", fc.Layer);
            // 1 position, 4 outputs, 1 tile (no Rows), 1 slice, 2 polarities, 1 cycle.
            Assert.Equal(1L * 4 * 1 * 1 * 2 * 1, fc.Conversions);
        }
        using (var floatModel = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.1), [3, 6, 6]))
            Assert.Null(new AdcEnergyModel().TotalPicojoules(floatModel, profiles));
    }
}
