using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Models;

/// <summary>
/// flatten → fc1 (C·H·W→256w) → ReLU → fc2 (256w→128w) → ReLU → fc3 (128w→classes); w = width multiplier.
/// Layer names: fc1, fc2, fc3. TorchSharp default initialization (PyTorch's Kaiming-uniform, a = √5).
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    public const int MinimumImageSize = 1;

    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Linear fc3;

    public Mlp(ModelSpec spec) : base(nameof(Mlp))
    {
        ChannelWidth.Validate(spec, MinimumImageSize);
        long inputs = (long)spec.InChannels * spec.ImageSize * spec.ImageSize;
        int hidden1 = ChannelWidth.Scale(256, spec.WidthMultiplier);
        int hidden2 = ChannelWidth.Scale(128, spec.WidthMultiplier);
        fc1 = nn.Linear(inputs, hidden1);
        fc2 = nn.Linear(hidden1, hidden2);
        fc3 = nn.Linear(hidden2, spec.Classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(fc1.call(input.flatten(1)));
        x = nn.functional.relu(fc2.call(x));
        return fc3.call(x);
    }
}
