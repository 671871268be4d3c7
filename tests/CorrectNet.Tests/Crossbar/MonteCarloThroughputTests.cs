using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Models;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// The Monte-Carlo speed-up (issue 16) changes no result: the fast kernels (no discarded digital forward under an
/// ADC, fused recombination of column groups, float-mode weights written in place) give the same bits as the
/// reference kernels on the same chips (docs/method.md F15, F35).
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class MonteCarloThroughputTests
{
    public static TheoryData<string> Configurations => new()
    {
        "lognormal", "rram", "rram-tiles-noise", "rram-bit-serial", "rram-wide-adc", "rram-off-state",
    };

    private static CrossbarConfig ConfigFor(string name)
    {
        var rram = CrossbarConfig.Rram(0.4);
        return name switch
        {
            "lognormal" => CrossbarConfig.Lognormal(0.6),
            "rram" => rram,
            "rram-tiles-noise" => rram with { Hardware = rram.Hardware with { Rows = 16, AdcNoiseLsb = 0.7 } },
            "rram-bit-serial" => rram with { Hardware = rram.Hardware with { Rows = 32, BitSerialInput = true } },
            // 17-bit codes can pass 2^24 after recombination: the reference order is kept there.
            "rram-wide-adc" => rram with { Hardware = rram.Hardware with { AdcBits = 17 } },
            "rram-off-state" => rram with { Hardware = rram.Hardware with { OnOffRatio = 20, Rows = 64 } },
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>The same float32 bits for finite values: equal, and −0 and +0 told apart by the sign bit.</summary>
    private static bool SameBits(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>() &&
        a.signbit().eq(b.signbit()).all().item<bool>();

    [Theory]
    [MemberData(nameof(Configurations))]
    public void LeNetOutputsOnChipsAreTheSameBitsWithFastAndReferenceKernels(string name)
    {
        zeros(1).Dispose();
        torch.manual_seed(11);
        using var fastNet = ModelZoo.Create(new ModelSpec("lenet5"));
        torch.manual_seed(11);
        using var referenceNet = ModelZoo.Create(new ModelSpec("lenet5"));
        fastNet.eval();
        referenceNet.eval();
        using var generator = new Generator(12);
        using var images = randn([24, 1, 28, 28], generator: generator);
        var config = ConfigFor(name);
        using var fast = AnalogConversion.ToAnalog(fastNet, config, [1, 28, 28], images);
        using var reference = AnalogConversion.ToAnalog(referenceNet, config, [1, 28, 28]);
        reference.ReferenceKernels = true;
        reference.Calibrate(images);
        Assert.True(reference.ReferenceKernels);
        Assert.Equal(
            reference.Layers.Select(l => l.AdcFullScale), fast.Layers.Select(l => l.AdcFullScale));

        using var noGrad = no_grad();
        foreach (var chip in new Chip?[] { null, new(5, 0), new(5, 1) })
        {
            if (chip is null)
            {
                fast.UseIdeal();
                reference.UseIdeal();
            }
            else
            {
                fast.UseChip(chip);
                reference.UseChip(chip);
            }
            // Two batches: ADC noise continues from batch to batch in the same order.
            for (int batch = 0; batch < 2; batch++)
            {
                using var x = images.narrow(0, batch * 12, 12);
                using var a = fast.Forward(x);
                using var b = reference.Forward(x);
                Assert.True(SameBits(a, b), $"{name}, chip {chip?.Index}, batch {batch}: outputs differ");
            }
            foreach (var (f, r) in fastNet.parameters().Zip(referenceNet.parameters()))
                Assert.True(SameBits(f, r), $"{name}, chip {chip?.Index}: programmed weights differ");
        }
    }

    [Fact]
    public void TheDiscardedDigitalForwardIsSkippedOnlyWithoutGradients()
    {
        zeros(1).Dispose();
        using var net = SmallConvNet(seed: 40);
        using var generator = new Generator(41);
        using var images = rand([8, 3, 6, 6], generator: generator);
        var config = ConfigFor("rram-tiles-noise") with
        {
            Hardware = ConfigFor("rram-tiles-noise").Hardware with { AdcNoiseLsb = 0 },
        };
        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6], images);
        var seen = new List<long>();
        var conv = Conv(net, "conv");
        var probe = conv.register_forward_hook((_, input, output) =>
        {
            seen.Add(input.shape[0]);
            return output;
        });
        try
        {
            analog.UseChip(new Chip(3, 2));
            Tensor withoutGrad;
            using (no_grad()) withoutGrad = analog.Forward(images);
            using var _ = withoutGrad;
            using var withGrad = analog.Forward(images);
            // The module saw an empty batch without gradients, the real one with them (straight-through needs the
            // digital output); the output is the crossbar's either way.
            Assert.Equal([0L, 8L], seen);
            Assert.True(withGrad.requires_grad);
            Assert.True(SameBits(withoutGrad, withGrad.detach()));
            Assert.Equal([8L, 4L], withoutGrad.shape);
        }
        finally
        {
            probe.remove();
        }
    }

    [Theory]
    [InlineData("lognormal")]
    [InlineData("rram-tiles-noise")]
    public void MonteCarloAccuraciesAreIdenticalWithFastAndReferenceKernels(string name)
    {
        zeros(1).Dispose();
        using var net = SmallConvNet(seed: 42);
        using var generator = new Generator(43);
        using var images = rand([40, 3, 6, 6], generator: generator);
        using var labels = randint(0, 4, [40], generator: generator);
        using var data = ImageDataset.FromTensors(
            "random", images, labels, 4, ["a", "b", "c", "d"], Normalization.Identity(3));
        using var analog = AnalogConversion.ToAnalog(net, ConfigFor(name), [3, 6, 6], images);
        var fast = MonteCarloEvaluator.Evaluate(analog, data, chips: 6, seed: 9, batchSize: 16);
        analog.ReferenceKernels = true;
        var reference = MonteCarloEvaluator.Evaluate(analog, data, chips: 6, seed: 9, batchSize: 16);
        Assert.Equal(reference.ChipAccuracies, fast.ChipAccuracies);
        Assert.Equal(reference.CleanAccuracy, fast.CleanAccuracy);
        Assert.True(fast.ChipAccuracies.Distinct().Count() > 1, "chips should differ");
    }
}
