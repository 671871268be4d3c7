using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// conv1 (C→6w, 5×5) → ReLU → maxpool 2 → conv2 (6w→16w, 5×5) → ReLU → maxpool 2 → fc1 (→120w) → ReLU →
/// fc2 (120w→84w) → ReLU → fc3 (84w→classes). conv1 pads by 2 only at 28×28 so the classic 16·5·5 = 400 features
/// reach fc1; other sizes use no padding and fc1's input is found by a dummy forward. No BatchNorm.
/// Layer names: conv1, conv2, fc1, fc2, fc3. TorchSharp default initialization (PyTorch's Kaiming-uniform, a = √5).
/// </summary>
public sealed class LeNet5 : nn.Module<Tensor, Tensor>
{
    /// <summary>Smallest input side (without padding): 16 → 12 → 6 → 2 → 1.</summary>
    public const int MinimumImageSize = 16;

    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Linear fc3;

    public LeNet5(ModelSpec spec) : base(nameof(LeNet5))
    {
        ChannelWidth.Validate(spec, MinimumImageSize);
        int c1 = ChannelWidth.Scale(6, spec.WidthMultiplier);
        int c2 = ChannelWidth.Scale(16, spec.WidthMultiplier);
        int h1 = ChannelWidth.Scale(120, spec.WidthMultiplier);
        int h2 = ChannelWidth.Scale(84, spec.WidthMultiplier);
        conv1 = nn.Conv2d(spec.InChannels, c1, kernel_size: 5, padding: spec.ImageSize == 28 ? 2 : 0);
        conv2 = nn.Conv2d(c1, c2, kernel_size: 5);
        long flattened = FlattenedFeatures(spec);
        fc1 = nn.Linear(flattened, h1);
        fc2 = nn.Linear(h1, h2);
        fc3 = nn.Linear(h2, spec.Classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(fc1.call(Features(input).flatten(1)));
        x = nn.functional.relu(fc2.call(x));
        return fc3.call(x);
    }

    private Tensor Features(Tensor input)
    {
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.call(input)), 2);
        return nn.functional.max_pool2d(nn.functional.relu(conv2.call(x)), 2);
    }

    private long FlattenedFeatures(ModelSpec spec)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var features = Features(zeros(1, spec.InChannels, spec.ImageSize, spec.ImageSize));
        return features.numel();
    }
}
