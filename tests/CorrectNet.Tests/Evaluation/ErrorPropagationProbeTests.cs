using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Evaluation;

/// <summary>The relative feature error after every analog layer (docs/method.md §5, error amplification).</summary>
[Collection(CorrectNet.Tests.Crossbar.ModuleBuildingCollection.Name)]
public sealed class ErrorPropagationProbeTests
{
    private static nn.Module<Tensor, Tensor> SeededLeNet()
    {
        zeros(1).Dispose();
        var model = ModelZoo.Create(new ModelSpec("lenet5"));
        using var generator = new Generator(50);
        using var _ = no_grad();
        foreach (var p in model.parameters())
        {
            using var scope = NewDisposeScope();
            long fanIn = p.dim() > 1 ? p.shape.Skip(1).Aggregate(1L, (a, b) => a * b) : p.shape[0];
            p.copy_((rand(p.shape, generator: generator) * 2 - 1) * Math.Sqrt(3.0 / fanIn)); // unit-variance gain
        }
        model.eval();
        return model;
    }

    private static Tensor Images()
    {
        using var generator = new Generator(51);
        return randn([16, 1, 28, 28], generator: generator);
    }

    private static IEnumerable<Chip> Chips(int count) => Enumerable.Range(0, count).Select(i => new Chip(60, i));

    [Fact]
    public void ZeroVariationGivesZeroError()
    {
        using var net = SeededLeNet();
        using var images = Images();
        using (var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0), [1, 28, 28]))
            Assert.All(ErrorPropagationProbe.Measure(analog, images, Chips(2)), e => Assert.Equal(0, e.RelativeError));
        using (var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Rram(0), [1, 28, 28], images))
            Assert.All(ErrorPropagationProbe.Measure(analog, images, Chips(2)), e => Assert.Equal(0, e.RelativeError));
    }

    [Fact]
    public void ErrorGrowsWithSigmaAtEveryLayer()
    {
        using var net = SeededLeNet();
        using var images = Images();
        var sigmas = new[] { 0.05, 0.2, 0.5 };
        var curves = sigmas.Select(sigma =>
        {
            using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(sigma), [1, 28, 28]);
            return ErrorPropagationProbe.Measure(analog, images, Chips(3));
        }).ToList();
        for (int l = 0; l < curves[0].Count; l++)
            for (int s = 1; s < sigmas.Length; s++)
                Assert.True(curves[s][l].RelativeError > curves[s - 1][l].RelativeError,
                    $"layer {curves[s][l].Layer}: error {curves[s][l].RelativeError} at σ = {sigmas[s]} ≤ " +
                    $"{curves[s - 1][l].RelativeError} at σ = {sigmas[s - 1]}");
        // At small σ the first layer's relative error is of the order of σ (each weight moves by ≈ σ·w).
        Assert.InRange(curves[0][0].RelativeError, 0.2 * sigmas[0], 2 * sigmas[0]);
    }

    [Fact]
    public void OneEntryPerAnalogLayerInForwardOrder()
    {
        using var net = SeededLeNet();
        using var images = Images();
        using (var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.3), [1, 28, 28]))
        {
            var errors = ErrorPropagationProbe.Measure(analog, images, Chips(2));
            Assert.Equal(analog.Layers.Count, errors.Count);
            Assert.Equal(5, errors.Count); // LeNet-5: 2 conv + 3 fc
            Assert.Equal(analog.Layers.Select(l => l.Name), errors.Select(e => e.Layer));
            Assert.Equal(Enumerable.Range(1, errors.Count), errors.Select(e => e.Depth));
            Assert.Null(analog.CurrentChip);
        }
        string first = LayerProfiler.Profile(net, [1, 28, 28])[0].Name;
        using (var analog = AnalogConversion.ToAnalog(
            net, CrossbarConfig.Lognormal(0.3) with { DigitalLayers = [first] }, [1, 28, 28]))
        {
            var errors = ErrorPropagationProbe.Measure(analog, images, Chips(2));
            Assert.Equal(4, errors.Count);
            Assert.DoesNotContain(errors, e => e.Layer == first);
        }
    }

    [Fact]
    public void NoChipsIsAnError()
    {
        using var net = SeededLeNet();
        using var images = Images();
        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(0.3), [1, 28, 28]);
        Assert.Throws<ArgumentException>(() => ErrorPropagationProbe.Measure(analog, images, []));
    }
}
