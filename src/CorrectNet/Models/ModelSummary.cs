using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>Totals over a model or its <see cref="LayerProfile"/>s.</summary>
public static class ModelSummary
{
    /// <summary>
    /// Elements of every parameter (weights, biases, BatchNorm γ and β; not BatchNorm running statistics).
    /// </summary>
    public static long TotalParameters(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Sum(p => p.numel());
    }

    /// <summary>Weight plus bias elements of the profiled Conv2d and Linear layers.</summary>
    public static long LayerParameters(IEnumerable<LayerProfile> profiles) => profiles.Sum(p => p.Parameters);

    /// <summary>Multiply–accumulates per input image over the profiled layers.</summary>
    public static long TotalMacs(IEnumerable<LayerProfile> profiles) => profiles.Sum(p => p.Macs);

    /// <summary>Multiply–accumulates per image of shape C, H, W.</summary>
    public static long TotalMacs(nn.Module<Tensor, Tensor> model, long[] inputShape) =>
        TotalMacs(LayerProfiler.Profile(model, inputShape));
}
