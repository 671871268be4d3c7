using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// The models by name. Weights are drawn from torch's global generator, so <c>torch.manual_seed(s)</c> before
/// <see cref="Create"/> fixes them: convolutions of VGG and ResNet-18 are Kaiming-normal (fan-out, ReLU) with zero
/// bias; every other layer keeps TorchSharp's default (PyTorch's Kaiming-uniform with a = √5); BatchNorm starts at
/// γ = 1, β = 0.
/// </summary>
public static class ModelZoo
{
    public static IReadOnlyList<string> Names { get; } = ["mlp", "lenet5", "vgg11", "vgg16", "resnet18"];

    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Load libtorch first: a missing native library then fails here with its real cause.
        InitializeDeviceType(DeviceType.CPU);
        return Normalize(spec.Name) switch
        {
            "mlp" => new Mlp(spec),
            "lenet5" => new LeNet5(spec),
            "vgg11" or "vgg16" => new Vgg(spec),
            "resnet18" => new ResNet18(spec),
            _ => throw Unknown(spec.Name),
        };
    }

    /// <summary>Smallest square input side (pixels) the named model accepts.</summary>
    public static int MinimumImageSize(string name) => Normalize(name) switch
    {
        "mlp" => Mlp.MinimumImageSize,
        "lenet5" => LeNet5.MinimumImageSize,
        "vgg11" or "vgg16" => Vgg.MinimumImageSize,
        "resnet18" => ResNet18.MinimumImageSize,
        _ => throw Unknown(name),
    };

    private static string Normalize(string? name) => (name ?? string.Empty).Trim().ToLowerInvariant();

    private static ArgumentException Unknown(string? name) =>
        new($"Unknown model '{name}'. Known models: {string.Join(", ", Names)}.", nameof(name));
}
