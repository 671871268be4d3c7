using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// Convolution initialization shared by VGG and ResNet-18: Kaiming-normal, fan-out, ReLU gain, i.e.
/// W ~ N(0, 2 / (C_out·k_h·k_w)), bias = 0. Draws come from torch's global generator (seed it with torch.manual_seed).
/// </summary>
internal static class WeightInit
{
    public static Conv2d KaimingConv(Conv2d conv)
    {
        using var noGrad = no_grad();
        nn.init.kaiming_normal_(
            conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        if (conv.bias is not null) nn.init.zeros_(conv.bias);
        return conv;
    }
}
