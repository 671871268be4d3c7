using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// A forward pass in eval mode without gradients, after which every module has its own training flag back (a frozen
/// BatchNorm inside a training model stays frozen). Used wherever the kit looks inside a model with hooks.
/// </summary>
public static class EvalPass
{
    public static void Run(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        // train(flag) recurses, so flags are restored parents first (by depth of the dotted name).
        var flags = model.named_modules()
            .OrderBy(m => m.name.Count(c => c == '.'))
            .Select(m => (m.module, m.module.training))
            .Prepend((model, model.training))
            .ToList();
        try
        {
            model.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            model.call(input);
        }
        finally
        {
            foreach (var (module, training) in flags) module.train(training);
        }
    }

    /// <summary>One all-zero image of shape (C, H, W), on the model's device and dtype.</summary>
    public static void DummyImage(nn.Module<Tensor, Tensor> model, long[] inputShape)
    {
        var reference = model.parameters().FirstOrDefault();
        using var input = zeros(
            [1, .. inputShape], dtype: reference?.dtype ?? ScalarType.Float32, device: reference?.device ?? CPU);
        Run(model, input);
    }
}
