using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// VGG in its CIFAR form: 3×3 convolutions (padding 1) → [BatchNorm] → ReLU, 2×2 max-pools between stages, and one
/// linear classifier on (last channels · (S/32)²) features for an S×S input. Channels are scaled by the width
/// multiplier. Layer names, in forward order: conv1 … convN (N = 8 for vgg11, 13 for vgg16), bn1 … bnN when BatchNorm
/// is on (bnK follows convK), classifier. Convs: Kaiming-normal (fan-out, ReLU), zero bias; classifier: TorchSharp
/// default.
/// </summary>
public sealed class Vgg : nn.Module<Tensor, Tensor>
{
    /// <summary>Five 2×2 pools leave (S/32)² positions, so S must be at least 32.</summary>
    public const int MinimumImageSize = 32;

    private const int Pool = 0;

    private static readonly Dictionary<string, int[]> Configurations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["vgg11"] = [64, Pool, 128, Pool, 256, 256, Pool, 512, 512, Pool, 512, 512, Pool],
        ["vgg16"] = [64, 64, Pool, 128, 128, Pool, 256, 256, 256, Pool, 512, 512, 512, Pool, 512, 512, 512, Pool],
    };

    private readonly int[] configuration;
    private readonly Conv2d[] convs;
    private readonly BatchNorm2d[]? norms;
    private readonly Linear classifier;

    public Vgg(ModelSpec spec) : base(spec?.Name.ToLowerInvariant() ?? nameof(Vgg))
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Configurations.TryGetValue(spec.Name, out var config))
            throw new ArgumentException(
                $"Unknown VGG configuration '{spec.Name}'. Known: {string.Join(", ", Variants)}.", nameof(spec));
        if (spec.ImageSize < MinimumImageSize)
            throw new ArgumentException(
                $"{spec.Name} needs inputs of at least {MinimumImageSize}×{MinimumImageSize} (five 2×2 max-pools), " +
                $"got {spec.ImageSize}×{spec.ImageSize}. Pad the data to 32×32 (PadTo32), " +
                "e.g. Fashion-MNIST 28×28 with 2 pixels per side.",
                nameof(spec));
        ChannelWidth.Validate(spec, MinimumImageSize);

        configuration = config;
        var convList = new List<Conv2d>();
        var normList = new List<BatchNorm2d>();
        long channels = spec.InChannels;
        foreach (int width in config.Where(w => w != Pool))
        {
            int outChannels = ChannelWidth.Scale(width, spec.WidthMultiplier);
            var conv = WeightInit.KaimingConv(nn.Conv2d(channels, outChannels, kernel_size: 3, padding: 1));
            convList.Add(conv);
            register_module($"conv{convList.Count}", conv);
            if (spec.BatchNorm)
            {
                var norm = nn.BatchNorm2d(outChannels);
                normList.Add(norm);
                register_module($"bn{normList.Count}", norm);
            }
            channels = outChannels;
        }
        convs = [.. convList];
        norms = spec.BatchNorm ? [.. normList] : null;

        long side = spec.ImageSize;
        for (int pools = config.Count(w => w == Pool); pools > 0; pools--) side /= 2;
        classifier = nn.Linear(channels * side * side, spec.Classes);
        RegisterComponents();
    }

    /// <summary>The configurations this class builds: vgg11, vgg16.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["vgg11", "vgg16"];

    public override Tensor forward(Tensor input)
    {
        var x = input;
        int layer = 0;
        foreach (int width in configuration)
        {
            if (width == Pool)
            {
                x = nn.functional.max_pool2d(x, 2);
                continue;
            }
            x = convs[layer].call(x);
            if (norms is not null) x = norms[layer].call(x);
            x = nn.functional.relu(x);
            layer++;
        }
        return classifier.call(x.flatten(1));
    }
}
