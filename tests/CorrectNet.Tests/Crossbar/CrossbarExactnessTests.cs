using CorrectNet.Crossbar;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// Without variation, the crossbar mapping computes exactly what its quantization defines (docs/method.md F11–F17).
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class CrossbarExactnessTests
{
    private static nn.Module<Tensor, Tensor> SmallConvNet(long seed)
    {
        zeros(1).Dispose();
        using var generator = new Generator((ulong)seed);
        var net = nn.Sequential(
            ("conv", nn.Conv2d(3, 5, 3, padding: 1)),
            ("relu", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(5 * 6 * 6, 4)));
        using (no_grad())
            foreach (var p in net.parameters()) p.copy_(randn(p.shape, generator: generator) * 0.3);
        return net;
    }

    [Fact]
    public void LosslessAdcWithSlicingAndTilingEqualsQuantizedReference()
    {
        var net = SmallConvNet(1);
        net.eval();
        using var generator = new Generator(7);
        var images = rand(16, 3, 6, 6, generator: generator); // non-negative: unsigned 4-bit inputs
        var hardware = new LayerHardware { WeightBits = 6, BitsPerCell = 2, Rows = 8, InputBits = 4, AdcBits = 20 };
        var config = new CrossbarConfig { Hardware = hardware, DigitalLayers = ["fc"] };

        // Reference: quantize weights (per layer) and inputs exactly as docs/method.md F11 and F16 define,
        // then convolve.
        var conv = (TorchSharp.Modules.Conv2d)net.named_modules().First(m => m.name == "conv").module;
        using var w = conv.weight!.detach().clone();
        double wScale = w.abs().max().item<float>() / 31.0; // 2^(6−1) − 1
        using var wq = (w / wScale).round().clamp(-31, 31) * wScale;
        double xStep = images.abs().max().item<float>() / 15.0; // 2^4 − 1, unsigned
        using var xq = (images / xStep).round().clamp(0, 15) * xStep;
        using var expected = nn.functional.conv2d(xq, wq, conv.bias!.detach(), padding: [1, 1]);

        using var analog = AnalogConversion.ToAnalog(net, config, [3, 6, 6], images);
        Tensor? actual = null;
        var convModule = (nn.Module<Tensor, Tensor>)conv;
        using var hook = new HookCapture(convModule);
        using (no_grad()) net.call(images).Dispose();
        actual = hook.Output!;

        Assert.Equal(expected.shape, actual.shape);
        double maxError = (actual - expected).abs().max().item<float>();
        Assert.True(maxError < 1e-4, $"max |crossbar − reference| = {maxError}");
    }

    /// <summary>Records a module's output (after earlier hooks, e.g. the crossbar's, have replaced it).</summary>
    private sealed class HookCapture : IDisposable
    {
        private readonly nn.HookableModule<
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>,
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover _remover;
        public Tensor? Output { get; private set; }

        public HookCapture(nn.Module<Tensor, Tensor> module) =>
            _remover = module.register_forward_hook((_, _, output) =>
            {
                Output = output.detach().clone().DetachFromDisposeScope();
                return output;
            });

        public void Dispose()
        {
            _remover.remove();
            Output?.Dispose();
        }
    }
}
