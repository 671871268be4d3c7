using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// ResNet basic block: y = ReLU(bn2(conv2(ReLU(bn1(conv1(x))))) + s(x)), 3×3 convs (conv1 carries the stride);
/// s = shortcut_bn(shortcut(x)) with a 1×1 conv when the stride or channel count changes, else the identity.
/// Child names: conv1, bn1, conv2, bn2, shortcut, shortcut_bn (bn* absent without BatchNorm, shortcut* absent for
/// the identity). Convs carry a bias only when there is no BatchNorm after them.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d? bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d? bn2;
    private readonly Conv2d? shortcut;

    [ComponentName(Name = "shortcut_bn")]
    private readonly BatchNorm2d? shortcutBn;

    public BasicBlock(long inChannels, long outChannels, long stride, bool batchNorm) : base(nameof(BasicBlock))
    {
        conv1 = WeightInit.KaimingConv(
            nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: !batchNorm));
        bn1 = batchNorm ? nn.BatchNorm2d(outChannels) : null;
        conv2 = WeightInit.KaimingConv(
            nn.Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, bias: !batchNorm));
        bn2 = batchNorm ? nn.BatchNorm2d(outChannels) : null;
        if (stride != 1 || inChannels != outChannels)
        {
            shortcut = WeightInit.KaimingConv(
                nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: !batchNorm));
            shortcutBn = batchNorm ? nn.BatchNorm2d(outChannels) : null;
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(Normalize(bn1, conv1.call(input)));
        x = Normalize(bn2, conv2.call(x));
        var skip = shortcut is null ? input : Normalize(shortcutBn, shortcut.call(input));
        return nn.functional.relu(x + skip);
    }

    private static Tensor Normalize(BatchNorm2d? norm, Tensor x) => norm is null ? x : norm.call(x);
}
