using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Placement;

/// <summary>π_φ(a | s): Linear(state → hidden) → tanh → Linear(hidden → actions), logits out. Weights drawn from a
/// seeded generator, U(−1/√fan_in, 1/√fan_in); the output layer starts at zero, so the first policy is
/// uniform.</summary>
public sealed class PolicyNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear output;

    public PolicyNetwork(int stateSize, int actions, int hiddenUnits, long seed) : base(nameof(PolicyNetwork))
    {
        hidden = nn.Linear(stateSize, hiddenUnits);
        output = nn.Linear(hiddenUnits, actions);
        RegisterComponents();
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        foreach (var (_, parameter) in hidden.named_parameters())
        {
            using var scope = NewDisposeScope();
            parameter.copy_((rand(parameter.shape, generator: generator) * 2 - 1) / Math.Sqrt(stateSize));
        }
        foreach (var (_, parameter) in output.named_parameters()) parameter.zero_();
    }

    public override Tensor forward(Tensor state) => output.call(tanh(hidden.call(state)));
}
