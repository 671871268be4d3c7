using TorchSharp;

namespace CorrectNet.Crossbar;

/// <summary>
/// One sampled realization of the hardware. Every random draw of chip <see cref="Index"/> under <see cref="Seed"/>
/// comes from generators seeded by (seed, index, layer, stream) alone, so chip k of seed s is the same chip on any
/// machine and in any shard, and adding a layer does not change the draws of the others (docs/method.md F35).
/// </summary>
public sealed record Chip(long Seed, long Index)
{
    /// <summary>
    /// This chip's device spread as a multiple of the configured σ (1 = as configured) [ours]: compensation units
    /// trained over a range of σ see chips of several spreads (docs/method.md F28a). Only the spread of the device
    /// draws scales; stuck devices, read noise and ADC noise are as configured, and the draws themselves (the standard
    /// normal values before scaling) are the chip's own, so chip k at scale s is chip k with every deviation scaled.
    /// </summary>
    public double SigmaScale { get; init; } = 1;

    public Chip Validate()
    {
        if (Index < 0) throw new ArgumentOutOfRangeException(nameof(Index), Index, $"Chip index {Index} must be ≥ 0.");
        if (!(SigmaScale >= 0 && double.IsFinite(SigmaScale)))
            throw new ArgumentOutOfRangeException(nameof(SigmaScale), SigmaScale,
                $"Chip SigmaScale {SigmaScale} must be finite and ≥ 0.");
        return this;
    }

    /// <summary>A fresh generator for one random stream of one layer of this chip.</summary>
    public torch.Generator Generator(int layer, ChipStream stream) => new(KeyOf(layer, stream));

    /// <summary>A fresh counter-based normal stream (the ADC noise's) for one layer of this chip; its key is the seed
    /// the same stream's generator would get.</summary>
    public NormalStream NormalStream(int layer, ChipStream stream) => new(KeyOf(layer, stream));

    private ulong KeyOf(int layer, ChipStream stream) =>
        Mix(Mix(Mix((ulong)Seed) ^ (ulong)Index) ^ ((ulong)layer << 8 | (ulong)stream));

    // SplitMix64 finalizer: nearby inputs give unrelated seeds.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
