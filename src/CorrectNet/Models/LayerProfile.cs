namespace CorrectNet.Models;

/// <summary>
/// One Conv2d or Linear layer as a crossbar sees it, for a single input image.
/// </summary>
/// <param name="Name">The layer's name in <c>named_modules()</c>.</param>
/// <param name="Kind">"conv2d" or "linear".</param>
/// <param name="InChannels">Input channels (input features for a linear layer).</param>
/// <param name="OutChannels">Output channels (output features for a linear layer).</param>
/// <param name="KernelHeight">k_h (1 for linear).</param>
/// <param name="KernelWidth">k_w (1 for linear).</param>
/// <param name="OutputPositions">H_out·W_out for a convolution, 1 for a linear layer.</param>
/// <param name="Parameters">Weight plus bias elements.</param>
/// <param name="Macs">OutputPositions·OutChannels·(InChannels/groups)·k_h·k_w; in·out for a linear layer.</param>
/// <param name="WeightRows">(InChannels/groups)·k_h·k_w: crossbar rows of the weight reshaped to rows ×
/// OutChannels.</param>
/// <param name="OutputHeight">H_out (1 for linear).</param>
/// <param name="OutputWidth">W_out (1 for linear).</param>
public sealed record LayerProfile(
    string Name,
    string Kind,
    long InChannels,
    long OutChannels,
    int KernelHeight,
    int KernelWidth,
    long OutputPositions,
    long Parameters,
    long Macs,
    long WeightRows,
    long OutputHeight,
    long OutputWidth)
{
    public const string Conv2dKind = "conv2d";
    public const string LinearKind = "linear";
}
