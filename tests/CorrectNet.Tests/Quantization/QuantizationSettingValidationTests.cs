using CorrectNet.Crossbar;
using CorrectNet.Quantization;

namespace CorrectNet.Tests.Quantization;

/// <summary>
/// Settings are validated: bits in range and b_c ≤ b_w − 1, with errors naming the layer and the field.
/// </summary>
public sealed class QuantizationSettingValidationTests
{
    [Theory]
    [InlineData(1, 1, 8, 8, "conv1.WeightBits")]
    [InlineData(25, 2, 8, 8, "conv1.WeightBits")]
    [InlineData(4, 4, 8, 8, "conv1.BitsPerCell")]   // b_c = 4 > b_w − 1 = 3
    [InlineData(8, 0, 8, 8, "conv1.BitsPerCell")]
    [InlineData(8, 2, 0, 8, "conv1.AdcBits")]
    [InlineData(8, 2, 25, 8, "conv1.AdcBits")]
    [InlineData(8, 2, 8, 0, "conv1.InputBits")]
    [InlineData(8, 2, 8, 17, "conv1.InputBits")]
    public void AnOutOfRangeFieldIsNamedWithItsLayer(int weight, int cell, int adc, int input, string field)
    {
        var setting = new QuantizationSetting(
        [
            new LayerQuantization("fc", 8, 2, 17, 8),
            new LayerQuantization("conv1", weight, cell, adc, input),
        ]);
        var error = Assert.ThrowsAny<ArgumentException>(() => setting.Validate());
        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message);
        Assert.Throws(error.GetType(), () => setting.ToCrossbarConfig(new CrossbarConfig()));
    }

    [Fact]
    public void BitsPerCellEqualToMagnitudeBitsIsAccepted()
    {
        var layer = new LayerQuantization("conv1", 5, 4, 6, 8).Validate();
        Assert.Equal(1, layer.Slices);
        Assert.Equal(4, new LayerQuantization("conv1", 8, 2, 17, 8).Slices);
        Assert.Equal(2, new LayerQuantization("conv1", 8, 4, 17, 8).Slices);
    }

    [Fact]
    public void DuplicateMissingOrUnknownLayersAreNamed()
    {
        var twice = new QuantizationSetting(
            [new LayerQuantization("fc", 8, 2, 17, 8), new LayerQuantization("fc", 6, 2, 9, 8)]);
        Assert.Contains("'fc'", Assert.Throws<ArgumentException>(() => twice.Validate()).Message);
        var setting = QuantizationSetting.Uniform(["conv1", "fcx"], 8, 2, 17, 8);
        var error = Assert.Throws<ArgumentException>(() => setting.Validate(["conv1", "fc"]));
        Assert.Contains("unknown 'fcx'", error.Message);
        Assert.Contains("missing 'fc'", error.Message);
    }

    [Fact]
    public void TheCrossbarConfigCarriesEveryLayersBits()
    {
        var hardware = new CrossbarConfig
        {
            Variation = DeviceVariation.Lognormal(0.3),
            Hardware = new LayerHardware
            {
                WeightBits = 8,
                BitsPerCell = 2,
                Rows = 64,
                InputBits = 8,
                AdcBits = 16,
                AdcNoiseLsb = 0.5,
            },
        };
        var setting = new QuantizationSetting(
            [new LayerQuantization("a", 6, 3, 7, 5), new LayerQuantization("b", 8, 4, 9, 8)]);
        var config = setting.ToCrossbarConfig(hardware);
        Assert.Equal(
            new LayerHardware
            {
                WeightBits = 6,
                BitsPerCell = 3,
                Rows = 64,
                InputBits = 5,
                AdcBits = 7,
                AdcNoiseLsb = 0.5,
            },
            config.HardwareFor("a"));
        Assert.Equal(
            new LayerHardware
            {
                WeightBits = 8,
                BitsPerCell = 4,
                Rows = 64,
                InputBits = 8,
                AdcBits = 9,
                AdcNoiseLsb = 0.5,
            },
            config.HardwareFor("b"));
        Assert.Equal(hardware.Variation, config.Variation);
        Assert.Equal(
            setting,
            new QuantizationSetting([new LayerQuantization("a", 6, 3, 7, 5), new LayerQuantization("b", 8, 4, 9, 8)]));
        Assert.Equal("a=6/3/7/5;b=8/4/9/8", setting.Key);
    }
}
