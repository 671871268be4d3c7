using CorrectNet.Crossbar;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// Chip k of seed s is one fixed chip, on any model instance and whatever was programmed before (docs/method.md F35).
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class ChipReproducibilityTests
{
    private static (Tensor Conv, Tensor Fc) EffectiveWeights(nn.Module net) =>
        (WeightOf(net, "conv"), WeightOf(net, "fc"));

    [Fact]
    public void SameSeedAndIndexGiveTheSameEffectiveWeights()
    {
        using var net = SmallConvNet(seed: 14);
        var config = new CrossbarConfig
        {
            Variation = new DeviceVariation { Sigma = 0.3, StuckOffRate = 0.02, StuckOnRate = 0.01 },
            Hardware = new LayerHardware { WeightBits = 6, BitsPerCell = 2, Rows = 16, OnOffRatio = 20 },
        };
        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6]);

        analog.UseChip(new Chip(100, 4));
        var (conv1, fc1) = EffectiveWeights(net);
        analog.UseChip(new Chip(100, 5));
        var (convOther, fcOther) = EffectiveWeights(net);
        analog.UseChip(new Chip(101, 4));
        var (convOtherSeed, _) = EffectiveWeights(net);
        analog.UseChip(new Chip(100, 4));
        var (conv2, fc2) = EffectiveWeights(net);

        Assert.True(BitIdentical(conv1, conv2) && BitIdentical(fc1, fc2),
            "chip (100, 4) changed after programming other chips");
        Assert.False(BitIdentical(conv1, convOther), "chips 4 and 5 have the same conv devices");
        Assert.False(BitIdentical(fc1, fcOther), "chips 4 and 5 have the same fc devices");
        Assert.False(BitIdentical(conv1, convOtherSeed), "seeds 100 and 101 give the same chip 4");

        // Another instance of the same trained model (another process or machine) sees the same chip.
        using var copy = SmallConvNet(seed: 14);
        using var copyAnalog = AnalogConversion.ToAnalog(copy, config, [3, 6, 6]);
        copyAnalog.UseChip(new Chip(100, 4));
        var (conv3, fc3) = EffectiveWeights(copy);
        Assert.True(BitIdentical(conv1, conv3) && BitIdentical(fc1, fc3),
            "a second model instance got a different chip (100, 4)");
        foreach (var t in new[] { conv1, fc1, convOther, fcOther, convOtherSeed, conv2, fc2, conv3, fc3 }) t.Dispose();
    }

    [Fact]
    public void KeepingAnotherLayerDigitalDoesNotChangeALayersDevices()
    {
        // Each layer draws from its own (seed, chip, layer, stream) generator.
        using var net = SmallConvNet(seed: 15);
        Tensor fcAllAnalog;
        using (var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.3), [3, 6, 6]))
        {
            analog.UseChip(new Chip(7, 1));
            fcAllAnalog = WeightOf(net, "fc");
        }
        using (var analog = AnalogConversion.ToAnalog(
            net, CrossbarConfig.Lognormal(0.3) with { DigitalLayers = ["conv"] }, [3, 6, 6]))
        {
            analog.UseChip(new Chip(7, 1));
            using var fcConvDigital = WeightOf(net, "fc");
            Assert.True(BitIdentical(fcAllAnalog, fcConvDigital));
        }
        fcAllAnalog.Dispose();
    }

    [Fact]
    public void AdcNoiseIsFreshPerInferenceButReproducibleFromTheChip()
    {
        using var net = SmallConvNet(seed: 16);
        using var generator = new Generator(3);
        using var images = rand([8, 3, 6, 6], generator: generator);
        var config = CrossbarConfig.Rram(0.2) with
        {
            Hardware = CrossbarConfig.Rram(0).Hardware with { Rows = 16, AdcNoiseLsb = 0.7 },
        };
        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6], images);
        var chip = new Chip(9, 2);

        using var _ = no_grad();
        analog.UseChip(chip);
        using var first = net.call(images).detach().clone();
        using var second = net.call(images).detach().clone();
        analog.UseChip(new Chip(9, 3));
        net.call(images).Dispose();
        analog.UseChip(chip);
        using var replay = net.call(images).detach().clone();

        Assert.False(BitIdentical(first, second), "the ADC noise did not change between two inferences");
        Assert.True(BitIdentical(first, replay), "reprogramming the same chip did not replay the same outputs");

        analog.UseIdeal();
        using var ideal1 = net.call(images).detach().clone();
        using var ideal2 = net.call(images).detach().clone();
        Assert.True(BitIdentical(ideal1, ideal2), "the ideal devices must read without noise");
    }

    [Fact]
    public void ReadNoiseIsFreshPerInferenceButReproducibleFromTheChip()
    {
        using var net = SmallConvNet(seed: 17);
        using var generator = new Generator(3);
        using var images = rand([8, 3, 6, 6], generator: generator);
        var config = new CrossbarConfig { Variation = new DeviceVariation { Sigma = 0.1, ReadNoiseSigma = 0.05 } };
        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6]);
        using var _ = no_grad();
        analog.UseChip(new Chip(1, 1));
        using var first = net.call(images).detach().clone();
        using var second = net.call(images).detach().clone();
        analog.UseChip(new Chip(1, 1));
        using var replay = net.call(images).detach().clone();
        Assert.False(BitIdentical(first, second));
        Assert.True(BitIdentical(first, replay));
    }
}
