using CorrectNet.Crossbar;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;

namespace CorrectNet.Tests.Crossbar;

/// <summary>Bad hardware parameters are rejected with an error that names the parameter.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class CrossbarValidationTests
{
    private static void AssertRejected(CrossbarConfig config, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => config.Validate());
        Assert.Contains(parameter, error.ParamName ?? "");
        Assert.Contains(parameter, error.Message);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void SigmaMustBeAFiniteNonNegativeNumber(double sigma)
    {
        AssertRejected(CrossbarConfig.Lognormal(sigma), "Variation.Sigma");
        AssertRejected(CrossbarConfig.Rram(sigma), "Variation.Sigma");
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void StuckRatesMustBeProbabilities(double rate)
    {
        AssertRejected(
            new CrossbarConfig { Variation = new DeviceVariation { StuckOffRate = rate } }, "Variation.StuckOffRate");
        AssertRejected(
            new CrossbarConfig { Variation = new DeviceVariation { StuckOnRate = rate } }, "Variation.StuckOnRate");
    }

    [Fact]
    public void StuckRatesTogetherMustNotExceedOne() =>
        AssertRejected(
            new CrossbarConfig { Variation = new DeviceVariation { StuckOffRate = 0.6, StuckOnRate = 0.6 } },
            "StuckOnRate");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void BitWidthsMustBePositive(int bits)
    {
        AssertRejected(new CrossbarConfig { Hardware = new LayerHardware { WeightBits = bits } }, "WeightBits");
        AssertRejected(
            new CrossbarConfig { Hardware = new LayerHardware { WeightBits = 8, BitsPerCell = bits } }, "BitsPerCell");
        AssertRejected(new CrossbarConfig { Hardware = new LayerHardware { InputBits = bits } }, "InputBits");
        AssertRejected(new CrossbarConfig { Hardware = new LayerHardware { AdcBits = bits } }, "AdcBits");
    }

    [Fact]
    public void WeightBitsOfOneLeaveNoMagnitude() =>
        AssertRejected(new CrossbarConfig { Hardware = new LayerHardware { WeightBits = 1 } }, "WeightBits");

    [Theory]
    [InlineData(4, 4)]
    [InlineData(4, 5)]
    [InlineData(2, 2)]
    public void BitsPerCellMayNotExceedTheMagnitudeBits(int weightBits, int bitsPerCell) =>
        AssertRejected(
            new CrossbarConfig { Hardware = new LayerHardware { WeightBits = weightBits, BitsPerCell = bitsPerCell } },
            "BitsPerCell");

    [Fact]
    public void BitsPerCellEqualToTheMagnitudeBitsIsAccepted() =>
        new CrossbarConfig { Hardware = new LayerHardware { WeightBits = 4, BitsPerCell = 3 } }.Validate();

    [Theory]
    [InlineData(0)]
    [InlineData(-128)]
    public void RowsMustBePositive(int rows) =>
        AssertRejected(new CrossbarConfig { Hardware = new LayerHardware { Rows = rows } }, "Rows");

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void OnOffRatioMustExceedOne(double ratio) =>
        AssertRejected(new CrossbarConfig { Hardware = new LayerHardware { OnOffRatio = ratio } }, "OnOffRatio");

    [Fact]
    public void NegativeAdcNoiseIsRejected() =>
        AssertRejected(
            new CrossbarConfig { Hardware = new LayerHardware { AdcBits = 8, AdcNoiseLsb = -1 } }, "AdcNoiseLsb");

    [Fact]
    public void OverridesAreValidatedAndNamedByLayer()
    {
        var config =
            new CrossbarConfig { Overrides = new Dictionary<string, LayerHardware> { ["conv"] = new() { Rows = 0 } } };
        AssertRejected(config, "conv.Rows");
    }

    [Fact]
    public void UnknownLayerNamesAreRejected()
    {
        using var net = SmallConvNet(seed: 1);
        var misspeltOverride = new CrossbarConfig
        {
            Overrides = new Dictionary<string, LayerHardware> { ["conv1"] = new() { WeightBits = 4 } },
        };
        var error =
            Assert.ThrowsAny<ArgumentException>(() => AnalogConversion.ToAnalog(net, misspeltOverride, [3, 6, 6]));
        Assert.Contains("'conv1'", error.Message);
        Assert.Contains("Overrides", error.ParamName ?? "");

        var misspeltDigital = new CrossbarConfig { DigitalLayers = ["fc", "classifier"] };
        error = Assert.ThrowsAny<ArgumentException>(() => AnalogConversion.ToAnalog(net, misspeltDigital, [3, 6, 6]));
        Assert.Contains("'classifier'", error.Message);
        Assert.DoesNotContain("'fc'", error.Message.Split(';')[0]);
    }

    [Fact]
    public void ConversionValidatesTheConfiguration()
    {
        using var net = SmallConvNet(seed: 1);
        var error = Assert.ThrowsAny<ArgumentException>(
            () => AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(-1), [3, 6, 6]));
        Assert.Contains("Sigma", error.ParamName ?? "");
    }

    [Fact]
    public void NegativeChipIndexIsRejected()
    {
        using var net = SmallConvNet(seed: 1);
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.3), [3, 6, 6]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => analog.UseChip(new Chip(Seed: 1, Index: -1)));
        Assert.Equal("Index", error.ParamName);
        Assert.Null(analog.CurrentChip);
    }

    [Fact]
    public void AnalogModelNeedsCalibrationBeforeAChipWhenItQuantizesInputs()
    {
        using var net = SmallConvNet(seed: 1);
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Rram(0.1), [3, 6, 6]);
        var error = Assert.Throws<InvalidOperationException>(() => analog.UseChip(new Chip(1, 0)));
        Assert.Contains("Calibrate", error.Message);
    }
}
