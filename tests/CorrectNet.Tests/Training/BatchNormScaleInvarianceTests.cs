using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>
/// Why the raw-weight penalty suffices under BatchNorm (docs/method.md F25b): a convolution followed by BatchNorm in
/// eval mode, with running statistics measured on its own outputs, gives the same output, clean and on a chip, whatever
/// the scale of its weight. So the scale that the penalty's target λ fixes has no effect there, and the folded variant's
/// constraint falls on γ/σ instead, where it only shrinks the signal that the next BatchNorm restores.
/// </summary>
public sealed class BatchNormScaleInvarianceTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.34)]
    [InlineData(3.0)]
    public void OutputAndChipErrorDoNotDependOnTheWeightScale(double scale)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(23);
        var x = randn([32, 3, 8, 8], dtype: ScalarType.Float64, generator: generator);
        var w = randn([5, 3, 3, 3], dtype: ScalarType.Float64, generator: generator) * 0.2;
        var chip = (randn([5, 3, 3, 3], dtype: ScalarType.Float64, generator: generator) * 0.5).exp(); // lognormal, σ = 0.5
        var gamma = tensor(new[] { 0.5, 1.5, 2.0, 3.0, 0.7 }, dtype: ScalarType.Float64);
        var beta = tensor(new[] { 0.1, -0.2, 0.0, 0.3, -0.1 }, dtype: ScalarType.Float64);

        (Tensor Clean, Tensor Chip) Outputs(Tensor weight)
        {
            var z = nn.functional.conv2d(x, weight, padding: [1, 1]);
            // Running statistics as training leaves them: the mean and variance of the layer's own clean outputs.
            var mean = z.mean([0, 2, 3]);
            var variance = z.var([0, 2, 3], unbiased: false);
            Tensor Norm(Tensor t) => nn.functional.batch_norm(t, mean, variance, gamma, beta, training: false, eps: 1e-12);
            return (Norm(z), Norm(nn.functional.conv2d(x, weight * chip, padding: [1, 1])));
        }

        var (clean, onChip) = Outputs(w);
        var (cleanScaled, onChipScaled) = Outputs(w * scale);
        double cleanDiff = (cleanScaled - clean).abs().max().item<double>(), chipDiff = (onChipScaled - onChip).abs().max().item<double>();
        // Only ε = 1e-12 breaks the invariance: it shifts y by about |y|·ε/(2·var), under 1e-7 for var ≥ 1e-4 and |y| ≤ 20.
        Assert.True(cleanDiff < 1e-7 && chipDiff < 1e-7, $"clean {cleanDiff}, chip {chipDiff}");
        // The chip does change the output (the test would pass vacuously otherwise).
        Assert.True((onChip - clean).norm().item<double>() > 0.1 * clean.norm().item<double>());
    }
}
