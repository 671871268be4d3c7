using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// Profiles every Conv2d and Linear of a model by one dummy forward pass of a single zero image (eval mode, no_grad),
/// with forward hooks recording each layer's output shape. Layers come back in the order they first run. Layers
/// must be invoked through <c>call()</c> (which runs hooks), not <c>forward()</c>.
/// </summary>
public static class LayerProfiler
{
    /// <param name="model">The model; its per-module training flags are restored afterwards.</param>
    /// <param name="inputShape">One image as C, H, W.</param>
    public static IReadOnlyList<LayerProfile> Profile(nn.Module<Tensor, Tensor> model, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 3 || inputShape.Any(d => d < 1))
            throw new ArgumentException(
                $"inputShape must be C, H, W with every size ≥ 1, got [{string.Join(", ", inputShape)}].",
                nameof(inputShape));

        var layers = model.named_modules()
            .Where(entry => entry.Item2 is Conv2d or Linear)
            .Select(entry => (Name: entry.Item1, Layer: (nn.Module<Tensor, Tensor>)entry.Item2))
            .ToList();
        var outputShapes = new Dictionary<string, long[]>();
        var order = new List<string>();
        var hooks = layers.Select(entry => entry.Layer.register_forward_hook((_, _, output) =>
        {
            if (outputShapes.TryAdd(entry.Name, output.shape)) order.Add(entry.Name);
            return output;
        })).ToList();

        try
        {
            EvalPass.DummyImage(model, inputShape);
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
        }

        var missing = layers.Where(entry => !outputShapes.ContainsKey(entry.Name)).Select(entry => entry.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"Layers {string.Join(", ", missing)} did not run in the forward pass " +
                "(or were invoked with forward() instead of call()).");

        var byName = layers.ToDictionary(entry => entry.Name, entry => entry.Layer);
        return [.. order.Select(name => Describe(name, byName[name], outputShapes[name]))];
    }

    private static LayerProfile Describe(string name, nn.Module<Tensor, Tensor> layer, long[] outputShape) =>
        layer switch
        {
            Conv2d conv => DescribeConv(name, conv, outputShape),
            Linear linear => new LayerProfile(
                name, LayerProfile.LinearKind, linear.in_features, linear.out_features, 1, 1, 1,
                Parameters: linear.weight.numel() + (linear.bias?.numel() ?? 0),
                Macs: linear.in_features * linear.out_features,
                WeightRows: linear.in_features, OutputHeight: 1, OutputWidth: 1),
            _ => throw new InvalidOperationException($"Layer {name} is neither Conv2d nor Linear."),
        };

    private static LayerProfile DescribeConv(string name, Conv2d conv, long[] outputShape)
    {
        long kernelHeight = conv.weight.shape[2];
        long kernelWidth = conv.weight.shape[3];
        long outputHeight = outputShape[^2];
        long outputWidth = outputShape[^1];
        long positions = outputHeight * outputWidth;
        long rows = conv.in_channels / conv.groups * kernelHeight * kernelWidth;
        return new LayerProfile(
            name,
            LayerProfile.Conv2dKind,
            conv.in_channels,
            conv.out_channels,
            (int)kernelHeight,
            (int)kernelWidth,
            positions,
            Parameters: conv.weight.numel() + (conv.bias?.numel() ?? 0),
            Macs: positions * conv.out_channels * rows,
            WeightRows: rows, OutputHeight: outputHeight, OutputWidth: outputWidth);
    }
}
