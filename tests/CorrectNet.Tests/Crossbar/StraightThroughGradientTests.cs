using CorrectNet.Crossbar;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// The straight-through Jacobian of a layer with an ADC (docs/method.md F28): the gradient a unit upstream receives is
/// that of the programmed chip's effective weight, not of the trained weight.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class StraightThroughGradientTests
{
    private const int Inputs = 64, Outputs = 8;
    private const double Sigma = 0.5;

    [Fact]
    public void InputGradientThroughAnAdcLayerUsesTheChipsEffectiveWeight()
    {
        var chip = new Chip(Seed: 5, Index: 3);
        using var imageGenerator = new Generator(9);
        using var images = rand([32, Inputs], generator: imageGenerator);
        var mapping = new LayerHardware { WeightBits = 8, BitsPerCell = 2, Rows = 32 };
        var withAdc = mapping with { InputBits = 8, AdcBits = 8 };

        // The same weight mapping without an ADC runs the float layer on the chip's effective weight (F14, F15).
        using var floatNet = SingleLinear(seed: 2, Inputs, Outputs);
        using var trained = WeightOf(floatNet, "fc");
        using var floatTwin = AnalogConversion.ToAnalog(
            floatNet,
            new CrossbarConfig { Variation = DeviceVariation.Lognormal(Sigma), Hardware = mapping },
            [1, 1, Inputs]);
        floatTwin.UseChip(chip);
        using var effective = WeightOf(floatNet, "fc");

        using var adcNet = SingleLinear(seed: 2, Inputs, Outputs);
        using var adcTwin = AnalogConversion.ToAnalog(
            adcNet,
            new CrossbarConfig { Variation = DeviceVariation.Lognormal(Sigma), Hardware = withAdc },
            [1, 1, Inputs],
            images);
        adcTwin.UseChip(chip);
        using var x = images.narrow(0, 0, 4).clone().requires_grad_(true);
        using var output = adcNet.call(x);
        using var upstreamGenerator = new Generator(4);
        using var upstream = randn(output.shape, generator: upstreamGenerator);
        using var loss = (output * upstream).sum();
        loss.backward();

        // ∂L/∂x = upstream · W for the weight W the straight-through estimator differentiates.
        using var expected = matmul(upstream.reshape(-1, Outputs), effective).reshape(x.shape);
        using var ofTrained = matmul(upstream.reshape(-1, Outputs), trained).reshape(x.shape);
        double error = MaxAbsDiff(x.grad!, expected), scale = expected.abs().max().item<float>();
        Assert.True(error < 1e-4 * scale, $"max |∂L/∂x − upstream·W_chip| = {error} (scale {scale})");
        // The test can fail: at σ = 0.5 the trained weight's Jacobian is far from the chip's.
        Assert.True(MaxAbsDiff(ofTrained, expected) > 0.1 * scale,
            "the chip's weight should differ from the trained weight");
    }
}
