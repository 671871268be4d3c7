using CorrectNet.Crossbar;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>What the conversion to an analog twin touches: digital layers, per-layer overrides, and Dispose.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class AnalogConversionTests
{
    private static Tensor Images(int n = 8, bool signed = false)
    {
        using var generator = new Generator(12);
        return signed ? randn([n, 3, 6, 6], generator: generator) : rand([n, 3, 6, 6], generator: generator);
    }

    [Fact]
    public void DigitalLayersStayDigitalInFloatMode()
    {
        using var net = SmallConvNet(seed: 6);
        using var trainedConv = WeightOf(net, "conv");
        using var trainedFc = WeightOf(net, "fc");
        using var analog =
            AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.5) with { DigitalLayers = ["fc"] }, [3, 6, 6]);
        Assert.Equal(["conv"], analog.Layers.Select(l => l.Name));

        analog.UseChip(new Chip(2, 0));
        using var fc = WeightOf(net, "fc");
        using var conv = WeightOf(net, "conv");
        Assert.True(BitIdentical(fc, trainedFc), "the digital layer's weight changed");
        Assert.False(BitIdentical(conv, trainedConv), "the analog layer's weight did not vary");
    }

    [Fact]
    public void DigitalLayerStaysDigitalBesideAdcLayers()
    {
        using var net = SmallConvNet(seed: 6);
        using var images = Images(signed: true);
        var conv = Conv(net, "conv");
        using var digitalConv =
            nn.functional.conv2d(images, conv.weight!.detach(), conv.bias!.detach(), padding: [1, 1]);
        var config = CrossbarConfig.Rram(0.3) with
        {
            DigitalLayers = ["conv"],
            Hardware = CrossbarConfig.Rram(0).Hardware with { AdcNoiseLsb = 0.5 },
        };
        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6], images);
        Assert.Equal(["fc"], analog.Layers.Select(l => l.Name));
        analog.UseChip(new Chip(2, 0));
        using var capture = new OutputCapture(net, "conv");
        using (no_grad()) net.call(images).Dispose();
        Assert.True(BitIdentical(capture.Output!, digitalConv),
            "a digital conv must compute exactly the digital convolution");
    }

    [Fact]
    public void OverridesApplyToTheNamedLayerOnly()
    {
        using var net = SmallConvNet(seed: 8);
        using var trainedConv = WeightOf(net, "conv");
        using var trainedFc = WeightOf(net, "fc");
        var convHardware = new LayerHardware { WeightBits = 3 };
        var config =
            new CrossbarConfig { Overrides = new Dictionary<string, LayerHardware> { ["conv"] = convHardware } };
        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6]);
        Assert.Same(convHardware, analog.Layers[0].Hardware);
        Assert.Same(config.Hardware, analog.Layers[1].Hardware);

        // conv: 3-bit weights, levels −3 … 3 times one scale;
        // fc: the float model on ideal devices, i.e. the weight itself.
        var (q, scale) = Quantize(trainedConv.reshape(5, -1), 3, perChannel: false);
        using var conv = WeightOf(net, "conv");
        Assert.True(BitIdentical(conv, (q * scale).reshape(trainedConv.shape)));
        Assert.True(conv.unique().Item1.shape[0] <= 7);
        using var fc = WeightOf(net, "fc");
        Assert.True(BitIdentical(fc, trainedFc), $"fc changed by {MaxAbsDiff(fc, trainedFc)}");
        Assert.True(fc.unique().Item1.shape[0] > 100, "fc was quantized");
    }

    [Fact]
    public void AdcOverrideMakesOnlyThatLayerUseAnAdc()
    {
        using var net = SmallConvNet(seed: 8);
        using var images = Images();
        var config = new CrossbarConfig
        {
            Overrides = new Dictionary<string, LayerHardware>
            {
                ["fc"] = new() { WeightBits = 8, InputBits = 8, AdcBits = 6 },
            },
        };
        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6], images);
        Assert.False(analog.Layers[0].UsesAdc);
        Assert.True(analog.Layers[1].UsesAdc);
        Assert.True(double.IsNaN(analog.Layers[0].AdcFullScale));
        Assert.True(analog.Layers[1].AdcFullScale > 0);
    }

    [Theory]
    [InlineData("lognormal")]
    [InlineData("rram")]
    public void DisposeRestoresTheTrainedWeightsAndTheDigitalOutputs(string preset)
    {
        using var net = SmallConvNet(seed: 10);
        using var images = Images();
        using var trainedConv = WeightOf(net, "conv");
        using var trainedFc = WeightOf(net, "fc");
        using var digital = net.call(images).detach().clone();

        var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Preset(preset, 0.4), [3, 6, 6], images);
        analog.UseChip(new Chip(5, 3));
        using (var onChip = net.call(images).detach().clone())
            Assert.True(MaxAbsDiff(onChip, digital) > 1e-3, "the chip did not change the outputs");
        analog.Dispose();

        using var conv = WeightOf(net, "conv");
        using var fc = WeightOf(net, "fc");
        Assert.True(BitIdentical(conv, trainedConv), "conv weight not restored exactly");
        Assert.True(BitIdentical(fc, trainedFc), "fc weight not restored exactly");
        using var after = net.call(images).detach().clone();
        Assert.True(BitIdentical(after, digital), "hooks left behind: outputs differ from the digital model");
    }

    [Fact]
    public void UseIdealUndoesAChip()
    {
        using var net = SmallConvNet(seed: 10);
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.4), [3, 6, 6]);
        using var ideal = WeightOf(net, "conv");
        analog.UseChip(new Chip(5, 3));
        Assert.Equal(new Chip(5, 3), analog.CurrentChip);
        analog.UseIdeal();
        Assert.Null(analog.CurrentChip);
        using var again = WeightOf(net, "conv");
        Assert.True(BitIdentical(again, ideal));
    }
}
