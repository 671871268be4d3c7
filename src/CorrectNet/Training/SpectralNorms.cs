using CorrectNet.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Training;

/// <summary>
/// Per-layer Lipschitz constants for reporting (docs/method.md F26 context): the spectral norm of the reshaped weight
/// W̃ (out × in·kh·kw), and for convolutions the operator norm of the convolution on the layer's actual feature map
/// (padding and stride included), both by power iteration from a seeded start. A following BatchNorm is folded in
/// (γ/√(running var + ε) per output row), as F25 folds it: that is the map an input error goes through at inference.
/// Under the default raw-weight penalty (F25b) these folded norms are not what the penalty pulls towards λ.
/// </summary>
public static class SpectralNorms
{
    public static IReadOnlyList<LayerLipschitz> Estimate(
        nn.Module<Tensor, Tensor> model, long[] inputShape, int iterations = 50, long seed = 1)
    {
        var profiles = LayerProfiler.Profile(model, inputShape);
        var inputs = InputShapes(model, inputShape, profiles.Select(p => p.Name).ToHashSet());
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var norms = LipschitzPenalty.FollowingBatchNorms(model, inputShape);
        using var _ = no_grad();
        using var generator = new Generator((ulong)seed);
        var result = new List<LayerLipschitz>();
        foreach (var profile in profiles)
        {
            using var scope = NewDisposeScope();
            var module = modules[profile.Name];
            var norm = norms.TryGetValue(profile.Name, out var bn) ? bn.Module : null;
            var weight = LipschitzPenalty.FoldedWeight(module, norm).detach();
            double matrix = MatrixNorm(weight, iterations, generator);
            double op = module is Conv2d conv
                ? ConvolutionNorm(conv, weight.reshape(conv.weight!.shape), inputs[profile.Name], iterations, generator)
                : matrix;
            result.Add(new LayerLipschitz(profile.Name, matrix, op));
        }
        return result;
    }

    /// <summary>Largest singular value of a matrix by power iteration on WᵀW.</summary>
    public static double MatrixNorm(Tensor matrix, int iterations, Generator generator)
    {
        var v = randn([matrix.shape[1], 1], generator: generator).to(matrix.device);
        v = v / v.norm();
        for (int i = 0; i < iterations; i++)
        {
            var next = matrix.t().mm(matrix.mm(v));
            v = next / next.norm().clamp_min(1e-30);
        }
        return matrix.mm(v).norm().item<float>();
    }

    // In float64: libtorch's float32 CPU kernel for the input gradient / conv_transpose2d of small-channel 5×5
    // convolutions
    // returns wrong (and run-to-run different) values on some CPUs, which made this iteration drift or give NaN
    // (environment.md §3).
    private static double ConvolutionNorm(
        Conv2d conv, Tensor foldedWeight, long[] inputShape, int iterations, Generator generator)
    {
        var weight = foldedWeight.to_type(ScalarType.Float64);
        long[] stride = conv.stride, padding = conv.padding ?? [0, 0], dilation = conv.dilation;
        Tensor Forward(Tensor x) => nn.functional.conv2d(x, weight, null, stride, padding, dilation, conv.groups);
        var x0 = randn([1, .. inputShape], generator: generator).to(weight.device).to_type(ScalarType.Float64);
        var y0 = Forward(x0);
        // conv_transpose2d is the adjoint; output_padding makes its output the input's exact size.
        long[] outputPadding = [.. Enumerable.Range(0, 2).Select(d =>
            inputShape[d + 1]
            - ((y0.shape[d + 2] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (weight.shape[d + 2] - 1) + 1))];
        Tensor Adjoint(Tensor y) => nn.functional.conv_transpose2d(
            y, weight, null, stride, padding, outputPadding, dilation: dilation, groups: conv.groups);
        var x = x0 / x0.norm();
        for (int i = 0; i < iterations; i++)
        {
            var next = Adjoint(Forward(x));
            x = next / next.norm().clamp_min(1e-30);
        }
        return Forward(x).norm().item<double>();
    }

    private static Dictionary<string, long[]> InputShapes(
        nn.Module<Tensor, Tensor> model, long[] inputShape, HashSet<string> names)
    {
        var shapes = new Dictionary<string, long[]>();
        var hooks = model.named_modules().Where(m => names.Contains(m.name)).Select(m =>
            ((nn.Module<Tensor, Tensor>)m.module).register_forward_pre_hook((_, input) =>
            {
                shapes.TryAdd(m.name, input.shape[1..]);
                return input;
            })).ToList();
        try
        {
            EvalPass.DummyImage(model, inputShape);
        }
        finally
        {
            foreach (var h in hooks) h.remove();
        }
        return shapes;
    }
}
