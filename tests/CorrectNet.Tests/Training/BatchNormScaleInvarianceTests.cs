using CorrectNet.Crossbar;
using CorrectNet.Tests.Crossbar;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>
/// Why the raw-weight penalty suffices under BatchNorm (docs/method.md F25b): a convolution followed by BatchNorm in
/// eval mode, with running statistics measured on its own outputs, gives the same output, clean and on a simulated chip
/// (the kit's float-mode crossbar, lognormal σ = 0.5), whatever the scale of its weight. So the scale that the
/// penalty's target λ fixes has no effect there, and the folded variant's constraint falls on γ/σ instead, where it
/// only
/// shrinks the signal that the next BatchNorm restores.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class BatchNormScaleInvarianceTests
{
    private static readonly long[] InputShape = [3, 8, 8];

    /// <summary>conv (3→5, 3×3, pad 1, no bias) → BatchNorm with running statistics of this batch → ReLU; weight ×
    /// scale.</summary>
    private static Sequential Net(double scale, Tensor images)
    {
        var net = nn.Sequential(
            ("conv", nn.Conv2d(3, 5, 3, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(5, eps: 1e-12)),
            ("relu", nn.ReLU()));
        CrossbarTestSupport.Fill(net, seed: 23, scale: 0.2);
        var bn = (BatchNorm2d)CrossbarTestSupport.Module(net, "bn");
        using (no_grad())
        {
            CrossbarTestSupport.Conv(net, "conv").weight!.mul_(scale);
            bn.weight!.copy_(tensor(new[] { 0.5f, 1.5f, 2f, 3f, 0.7f }));
            bn.bias!.copy_(tensor(new[] { 0.1f, -0.2f, 0f, 0.3f, -0.1f }));
            using var z = CrossbarTestSupport.Conv(net, "conv").call(images);
            bn.running_mean!.copy_(z.mean([0, 2, 3]));
            bn.running_var!.copy_(z.var([0, 2, 3], unbiased: false));
        }
        net.eval();
        return net;
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.34)]
    [InlineData(3.0)]
    public void OutputAndChipErrorDoNotDependOnTheWeightScale(double scale)
    {
        zeros(1).Dispose();
        using var generator = new Generator(29);
        using var images = randn([32, .. InputShape], generator: generator);
        using var unit = Net(1.0, images);
        using var scaled = Net(scale, images);
        var config = CrossbarConfig.Lognormal(0.5);
        using var analogUnit = AnalogConversion.ToAnalog(unit, config, InputShape);
        using var analogScaled = AnalogConversion.ToAnalog(scaled, config, InputShape);

        using var clean = unit.call(images);
        analogUnit.UseChip(new Chip(7, 0));
        analogScaled.UseChip(new Chip(7, 0));
        using var onChip = unit.call(images);
        using var onChipScaled = scaled.call(images);

        // Float32: outputs of order 1 agree to a few 1e-6 after the scale cancels in (W·x − μ)/σ; 1e-4 is ample.
        Assert.True(CrossbarTestSupport.MaxAbsDiff(onChip, onChipScaled) < 1e-4,
            $"chip outputs differ by {CrossbarTestSupport.MaxAbsDiff(onChip, onChipScaled)}");
        // The chip does change the output (the test would pass vacuously otherwise).
        Assert.True(CrossbarTestSupport.MaxAbsDiff(onChip, clean) > 0.05);
    }
}
