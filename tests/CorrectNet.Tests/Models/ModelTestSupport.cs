using CorrectNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Models;

internal static class ModelTestSupport
{
    /// <summary>Loads libtorch before any nn module is built, then builds the named model.</summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec, long seed = 0)
    {
        torch.manual_seed(seed);
        return ModelZoo.Create(spec);
    }

    public static long[] ImageShape(ModelSpec spec) => [spec.InChannels, spec.ImageSize, spec.ImageSize];

    /// <summary>Same shape and bit-identical elements.</summary>
    public static bool SameValues(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static string[] ModuleNames(nn.Module model) => [.. model.named_modules().Select(m => m.Item1)];
}
