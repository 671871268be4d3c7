using CorrectNet.Crossbar;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Compensation;

/// <summary>
/// y ← y + g(y), g = up ∘ ReLU ∘ down (docs/method.md F27): 1×1 convolutions C→r→C after a Conv2d, Linear C→r→C after a
/// Linear. <c>up</c> starts at zero (weight and bias), so a new unit is the identity. Runs digitally: it is an
/// <see cref="IDigitalModule"/>, which <see cref="AnalogConversion.ToAnalog"/> never maps onto crossbars.
/// </summary>
public sealed class CompensationUnit : nn.Module<Tensor, Tensor>, IDigitalModule
{
    private readonly nn.Module<Tensor, Tensor> down;
    private readonly nn.Module<Tensor, Tensor> up;

    /// <param name="channels">C: output channels (features) of the layer it follows.</param>
    /// <param name="width">r: bottleneck width, ≥ 1.</param>
    /// <param name="convolutional">true after a Conv2d (1×1 convolutions), false after a Linear.</param>
    /// <param name="generator">Draws <c>down</c>'s weights, U(−1/√C, 1/√C); null uses torch's global generator.</param>
    public CompensationUnit(long channels, int width, bool convolutional,
        Generator? generator = null) : base(nameof(CompensationUnit))
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "At least one channel.");
        if (width < 1)
            throw new ArgumentOutOfRangeException(nameof(width), width, "The bottleneck width r must be ≥ 1.");
        Channels = channels;
        Width = width;
        IsConvolutional = convolutional;
        if (convolutional)
        {
            down = nn.Conv2d(channels, width, kernel_size: 1);
            up = nn.Conv2d(width, channels, kernel_size: 1);
        }
        else
        {
            down = nn.Linear(channels, width);
            up = nn.Linear(width, channels);
        }
        RegisterComponents();
        using var noGrad = no_grad();
        double bound = 1 / Math.Sqrt(channels);
        foreach (var (name, parameter) in down.named_parameters())
        {
            using var scope = NewDisposeScope();
            parameter.copy_((rand(parameter.shape, generator: generator) * 2 - 1) * bound);
        }
        foreach (var (_, parameter) in up.named_parameters()) parameter.zero_();
    }

    /// <summary>C.</summary>
    public long Channels { get; }
    /// <summary>r.</summary>
    public int Width { get; }
    public bool IsConvolutional { get; }

    /// <summary>r = max(1, ⌊C/8⌋), the default width (F27).</summary>
    public static int DefaultWidth(long channels) => (int)Math.Max(1, channels / 8);

    /// <summary>Parameters of one unit: 2·C·r + r + C (F29).</summary>
    public static long ParameterCount(long channels, int width) => 2 * channels * width + width + channels;

    /// <summary>MACs of one unit per image: 2·C·r·P for P output positions (H·W, 1 for a linear layer) (F29).</summary>
    public static long MacCount(long channels, int width, long positions) => 2 * channels * width * positions;

    public override Tensor forward(Tensor input) => input + up.call(nn.functional.relu(down.call(input)));
}
