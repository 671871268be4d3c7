using CorrectNet.Crossbar;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Evaluation;

/// <summary>
/// How errors grow through a network (docs/method.md F26): after every analog layer l, the relative feature error
/// e_l = ‖y'_l − y_l‖ / ‖y_l‖ between the layer outputs on a chip (y') and on the ideal devices (y), averaged over
/// chips, for one batch of images.
/// </summary>
public static class ErrorPropagationProbe
{
    public static IReadOnlyList<LayerError> Measure(AnalogModel analog, Tensor images, IEnumerable<Chip> chips)
    {
        bool wasTraining = analog.Model.training;
        analog.Model.eval();
        try
        {
            using var _ = no_grad();
            analog.UseIdeal();
            var clean = Capture(analog, images);
            var sums = new double[analog.Layers.Count];
            int count = 0;
            foreach (var chip in chips)
            {
                analog.UseChip(chip);
                var noisy = Capture(analog, images);
                for (int l = 0; l < sums.Length; l++)
                {
                    using var diff = noisy[l] - clean[l];
                    sums[l] += diff.norm().item<float>() / Math.Max(clean[l].norm().item<float>(), 1e-30);
                }
                foreach (var t in noisy) t.Dispose();
                count++;
            }
            foreach (var t in clean) t.Dispose();
            analog.UseIdeal();
            if (count == 0) throw new ArgumentException("No chips given.", nameof(chips));
            return analog.Layers.Select((layer, l) => new LayerError(layer.Name, l + 1, sums[l] / count)).ToList();
        }
        finally
        {
            analog.Model.train(wasTraining);
        }
    }

    // Outputs of every analog layer, in forward order, for one pass.
    private static List<Tensor> Capture(AnalogModel analog, Tensor images)
    {
        var modules = analog.Model.named_modules().ToDictionary(m => m.name, m => (nn.Module<Tensor, Tensor>)m.module);
        var outputs = new Tensor?[analog.Layers.Count];
        var hooks = analog.Layers.Select((layer, l) => modules[layer.Name].register_forward_hook((_, _, output) =>
        {
            outputs[l] ??= output.detach().clone().DetachFromDisposeScope();
            return output;
        })).ToList();
        try
        {
            using var scope = NewDisposeScope();
            analog.Model.call(images);
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
        }
        return outputs
            .Select((t, l) => t ?? throw new InvalidOperationException($"Layer {analog.Layers[l].Name} did not run."))
            .ToList();
    }
}
