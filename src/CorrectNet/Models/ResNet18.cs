using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// ResNet-18 in its CIFAR form: 3×3 stem conv (64w, stride 1, no max-pool) → [BN] → ReLU → four stages of two
/// <see cref="BasicBlock"/>s (64w, 128w, 256w, 512w channels; stride 2 entering stages 2–4) → global average pool →
/// fc. Works for any input side ≥ 1. Layer names: conv1, bn1, layer{1..4}.{0,1}.{conv1,bn1,conv2,bn2},
/// layer{2..4}.0.shortcut(+shortcut_bn), fc. Convs: Kaiming-normal (fan-out, ReLU); fc: TorchSharp default.
/// </summary>
public sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    public const int MinimumImageSize = 1;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d? bn1;
    private readonly ModuleList<BasicBlock> layer1;
    private readonly ModuleList<BasicBlock> layer2;
    private readonly ModuleList<BasicBlock> layer3;
    private readonly ModuleList<BasicBlock> layer4;
    private readonly Linear fc;

    public ResNet18(ModelSpec spec) : base(nameof(ResNet18))
    {
        ChannelWidth.Validate(spec, MinimumImageSize);
        int[] widths = [.. new[] { 64, 128, 256, 512 }.Select(w => ChannelWidth.Scale(w, spec.WidthMultiplier))];
        conv1 = WeightInit.KaimingConv(
            nn.Conv2d(spec.InChannels, widths[0], kernel_size: 3, padding: 1, bias: !spec.BatchNorm));
        bn1 = spec.BatchNorm ? nn.BatchNorm2d(widths[0]) : null;
        layer1 = Stage(widths[0], widths[0], 1, spec.BatchNorm);
        layer2 = Stage(widths[0], widths[1], 2, spec.BatchNorm);
        layer3 = Stage(widths[1], widths[2], 2, spec.BatchNorm);
        layer4 = Stage(widths[2], widths[3], 2, spec.BatchNorm);
        fc = nn.Linear(widths[3], spec.Classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = conv1.call(input);
        x = nn.functional.relu(bn1 is null ? x : bn1.call(x));
        foreach (var stage in new[] { layer1, layer2, layer3, layer4 })
            foreach (var block in stage) x = block.call(x);
        return fc.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1));
    }

    private static ModuleList<BasicBlock> Stage(long inChannels, long outChannels, long stride, bool batchNorm) =>
        nn.ModuleList(
            new BasicBlock(inChannels, outChannels, stride, batchNorm),
            new BasicBlock(outChannels, outChannels, 1, batchNorm));
}
