using CorrectNet.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Training;

/// <summary>
/// β · Σ_l ‖G_l − λ²I‖²_F (docs/method.md F22–F23) over a model's analog layers. W̃ is the weight reshaped to
/// (out, in·kh·kw), with F25's folding: rows scaled by γ/√(var + ε) of the BatchNorm that directly follows the layer,
/// or raw (F25b, the default), and G the
/// smaller Gram matrix (W̃W̃ᵀ or W̃ᵀW̃). The layer/BatchNorm pairs are found once, from the execution order of a dummy
/// forward pass, so any model that calls its layers through call() works.
/// </summary>
public sealed class LipschitzPenalty
{
    private readonly LipschitzConfig _config;
    private readonly List<(string Name, nn.Module Layer, (string Name, BatchNorm2d Module)? Norm)> _layers;

    public LipschitzPenalty(nn.Module<Tensor, Tensor> model, LipschitzConfig config, long[] inputShape)
    {
        _config = config.Validate();
        var profiled = LayerProfiler.Profile(model, inputShape).Select(p => p.Name).ToList();
        var unknown = config.ExcludedLayers.Where(n => !profiled.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Lipschitz.ExcludedLayers names unknown layer(s) {string.Join(", ", unknown)}; " +
                $"layers: {string.Join(", ", profiled)}.");
        var following = FollowingBatchNorms(model, inputShape);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        _layers = profiled.Where(n => !config.ExcludedLayers.Contains(n))
            .Select(n => (n, modules[n],
                config.BatchNorm == BatchNormInPenalty.Folded && following.TryGetValue(n, out var bn)
                    ? bn
                    : ((string, BatchNorm2d)?)null))
            .ToList();
    }

    /// <summary>Layer names in the penalty, each with the BatchNorm folded into it (null when none follows or the
    /// penalty sees raw weights).</summary>
    public IReadOnlyList<(string Layer, string? FoldedNorm)> Layers =>
        _layers.Select(l => (l.Name, l.Norm?.Name)).ToList();

    /// <summary>The penalty term to add to the loss (a scalar tensor with gradients); zero for kind None.
    /// <paramref name="weightOf"/> gives a layer's weight where the layer itself does not hold the trained one (mixed
    /// precision: the float32 master, docs/method.md F5b); null = the layer's own weight.</summary>
    public Tensor Compute(Func<nn.Module, Tensor>? weightOf = null)
    {
        if (_config.Kind == LipschitzKind.None || _config.Beta == 0) return zeros(1).squeeze();
        double target = _config.Target * _config.Target;
        Tensor? total = null;
        foreach (var (_, layer, norm) in _layers)
        {
            var weight = weightOf is null ? WeightOf(layer) : weightOf(layer);
            var term = Of(FoldedWeight(weight, norm?.Module), target);
            total = total is null ? term : total + term;
        }
        return (total ?? zeros(1).squeeze()) * _config.Beta;
    }

    /// <summary>‖G − λ²I‖²_F for one reshaped weight W̃ (rows = outputs).</summary>
    public static Tensor Of(Tensor weight2d, double lambdaSquared)
    {
        var gram = weight2d.shape[0] <= weight2d.shape[1] ? weight2d.mm(weight2d.t()) : weight2d.t().mm(weight2d);
        var identity = eye(gram.shape[0], dtype: gram.dtype, device: gram.device).mul_(lambdaSquared);
        return (gram - identity).pow(2).sum();
    }

    internal static Tensor FoldedWeight(nn.Module layer, BatchNorm2d? norm) => FoldedWeight(WeightOf(layer), norm);

    private static Tensor WeightOf(nn.Module layer) => layer switch
    {
        Conv2d conv => conv.weight!,
        Linear linear => linear.weight!,
        _ => throw new ArgumentException($"{layer.GetType().Name} is not an analog layer."),
    };

    private static Tensor FoldedWeight(Tensor weight, BatchNorm2d? norm)
    {
        var w2d = weight.reshape(weight.shape[0], -1);
        if (norm is null) return w2d;
        var scale = norm.weight! / (norm.running_var!.detach() + norm.eps).sqrt();
        return w2d * scale.unsqueeze(1);
    }

    // Conv2d → BatchNorm2d pairs: the BatchNorm that runs right after a convolution normalizes its output.
    internal static Dictionary<string, (string Name, BatchNorm2d Module)> FollowingBatchNorms(
        nn.Module<Tensor, Tensor> model, long[] inputShape)
    {
        var order = new List<(string Name, nn.Module Module)>();
        var leaves = model.named_modules()
            .Where(m => !m.module.children().Any() && m.module is nn.Module<Tensor, Tensor>)
            .ToList();
        var hooks = leaves.Select(m => ((nn.Module<Tensor, Tensor>)m.module).register_forward_hook((_, _, output) =>
        {
            order.Add((m.name, m.module));
            return output;
        })).ToList();
        try
        {
            EvalPass.DummyImage(model, inputShape);
        }
        finally
        {
            foreach (var h in hooks) h.remove();
        }
        var pairs = new Dictionary<string, (string, BatchNorm2d)>();
        for (int i = 0; i + 1 < order.Count; i++)
            if (order[i].Module is Conv2d && order[i + 1].Module is BatchNorm2d bn)
            {
                pairs.TryAdd(order[i].Name, (order[i + 1].Name, bn));
            }
        return pairs;
    }
}
