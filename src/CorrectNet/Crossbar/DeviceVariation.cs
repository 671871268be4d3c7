using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// The non-ideal devices of a chip: a static deviation per device (fixed when the chip is sampled), stuck-at faults,
/// and optional read noise drawn afresh at every forward pass. docs/method.md F8, F9, F14.
/// </summary>
public sealed record DeviceVariation
{
    /// <summary>
    /// Largest σ the command line and grid files accept. A conductance is g0·e^(σz), z ~ N(0, 1), in float32,
    /// whose largest finite e^x has x ≈ 88.7. At σ = 10 a single draw overflows only for |z| ≥ 8.9, which has
    /// probability below 1e-18 (none in any chip population the kit samples); beyond that the draws themselves start
    /// to overflow, and even below it the layers' products can: the evaluator refuses non-finite outputs.
    /// </summary>
    public const double MaxSigma = 10;

    public VariationKind Kind { get; init; } = VariationKind.Lognormal;
    /// <summary>σ of θ (dimensionless; for GaussianAdditive a fraction of the device's range).</summary>
    public double Sigma { get; init; }
    /// <summary>Probability that a device is stuck at its lowest conductance.</summary>
    public double StuckOffRate { get; init; }
    /// <summary>Probability that a device is stuck at its highest conductance.</summary>
    public double StuckOnRate { get; init; }
    /// <summary>σ of a multiplicative (1 + ε) read noise drawn anew for every forward pass; 0 = none.</summary>
    public double ReadNoiseSigma { get; init; }

    public static DeviceVariation None { get; } = new();
    public static DeviceVariation Lognormal(double sigma) => new() { Sigma = sigma };

    [JsonIgnore]
    public bool IsNone => Sigma == 0 && StuckOffRate == 0 && StuckOnRate == 0 && ReadNoiseSigma == 0;

    public DeviceVariation Validate()
    {
        CrossbarValidation.NonNegative(Sigma, "Variation.Sigma");
        CrossbarValidation.NonNegative(ReadNoiseSigma, "Variation.ReadNoiseSigma");
        CrossbarValidation.Probability(StuckOffRate, "Variation.StuckOffRate");
        CrossbarValidation.Probability(StuckOnRate, "Variation.StuckOnRate");
        CrossbarValidation.Probability(StuckOffRate + StuckOnRate, "Variation.StuckOffRate + StuckOnRate");
        if (!Enum.IsDefined(Kind))
            throw new ArgumentOutOfRangeException("Variation.Kind", Kind, "Unknown variation kind.");
        return this;
    }

    // Draws come from a CPU generator and move to the tensor's device, so a chip is the same on CPU and GPU.

    /// <summary>
    /// The conductances of one chip: <paramref name="conductance"/> (any shape, ≥ 0) perturbed per device.
    /// Stuck devices go to <paramref name="lowest"/> or <paramref name="highest"/>.
    /// </summary>
    public Tensor Sample(Tensor conductance, double lowest, double highest, Generator generator)
    {
        using var scope = NewDisposeScope();
        var g = conductance;
        if (Sigma > 0)
        {
            var theta = randn(conductance.shape, generator: generator, dtype: conductance.dtype)
                .to(conductance.device)
                .mul_(Sigma);
            g = Kind switch
            {
                VariationKind.Lognormal => theta.exp_().mul_(g),
                VariationKind.GaussianMultiplicative => theta.add_(1).mul_(g).clamp_min_(0),
                VariationKind.GaussianAdditive => theta.mul_(highest - lowest).add_(g).clamp_min_(0),
                _ => throw new InvalidOperationException($"Unknown variation kind {Kind}."),
            };
        }
        if (StuckOffRate > 0 || StuckOnRate > 0)
        {
            var u = rand(conductance.shape, generator: generator, dtype: conductance.dtype).to(conductance.device);
            g = g.where(u >= StuckOffRate, lowest);
            g = g.where(u < 1 - StuckOnRate, highest);
        }
        return (ReferenceEquals(g, conductance) ? g.clone() : g).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Conductances for one read: g · (1 + ε), ε ~ N(0, ReadNoiseSigma²) fresh per call; g itself when off.
    /// </summary>
    public Tensor Read(Tensor conductance, Generator generator)
    {
        if (ReadNoiseSigma == 0) return conductance.alias();
        using var scope = NewDisposeScope();
        var eps = randn(conductance.shape, generator: generator, dtype: conductance.dtype).to(conductance.device);
        return (conductance * eps.mul_(ReadNoiseSigma).add_(1)).clamp_min_(0).MoveToOuterDisposeScope();
    }
}
