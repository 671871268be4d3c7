using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// A layer's weight matrix W (out × rows) as device conductances, in units of one conductance level
/// (docs/method.md F11–F14):
/// quantization q = round(W / s), s = max|W| / (2^(b_w−1) − 1) (per layer or per output channel);
/// differential pair q = q⁺ − q⁻; slices q± = Σ_k d±_k · 2^(k·b_c), d ∈ [0, 2^b_c − 1]; every device adds the
/// off-state conductance g_off = L / (ρ − 1), L = levels − 1. Unquantized weights use s = max|W| and |q| ≤ 1.
/// The float model (<see cref="LayerHardware.IsFloat"/>) keeps one device per weight holding |w|/s, sign digital.
/// </summary>
internal sealed class WeightMapping : IDisposable
{
    /// <summary>W ≈ Scale · q; shape (out, 1).</summary>
    public Tensor Scale { get; }
    /// <summary>
    /// Ideal (variation-free) conductances, shape (polarities, slices, out, rows), off-state included.
    /// </summary>
    public Tensor Conductance { get; }
    /// <summary>sign(W) for the single-device float model; null for a differential pair.</summary>
    public Tensor? Sign { get; }
    /// <summary>
    /// Scale · sign(W), shape (out, rows), for the float model (null for a differential pair): the factor a chip's
    /// conductance is multiplied by to give its effective weight. Exact (a sign is ±1 or 0), and the same product
    /// <see cref="EffectiveWeight"/> forms first, so programming a chip with it gives the same bits.
    /// </summary>
    public Tensor? SignedScale { get; }
    public int Polarities => (int)Conductance.shape[0];
    public int Slices => (int)Conductance.shape[1];
    /// <summary>2^b_c: the weight of one slice relative to the next lower one.</summary>
    public double SliceBase { get; }
    /// <summary>Highest programmable level L (the off state is 0 before the offset).</summary>
    public double MaxLevel { get; }
    /// <summary>g_off in level units.</summary>
    public double OffConductance { get; }
    /// <summary>
    /// True when ideal partial sums are whole numbers of levels (quantized weights, no off-state offset).
    /// </summary>
    public bool IntegerLevels { get; }

    public WeightMapping(Tensor weight2d, LayerHardware hardware)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = weight2d.detach().to_type(ScalarType.Float32);
        var maxAbs = hardware.PerChannelScale
            ? w.abs().amax([1], keepdim: true)
            : w.abs().max().reshape(1, 1).expand(w.shape[0], 1);
        maxAbs = maxAbs.where(maxAbs > 0, 1f); // an all-zero row maps to zero levels with any scale

        if (hardware.IsFloat)
        {
            Scale = maxAbs.contiguous();
            Sign = w.sign();
            SignedScale = (Scale * Sign).contiguous();
            Conductance = (w.abs() / Scale).reshape(1, 1, w.shape[0], w.shape[1]).contiguous();
            SliceBase = 1;
            MaxLevel = 1;
        }
        else
        {
            Tensor magnitude;
            if (hardware.WeightBits is { } bits)
            {
                double qmax = Math.Pow(2, bits - 1) - 1;
                Scale = (maxAbs / qmax).contiguous();
                var q = (w / Scale).round_().clamp_(-qmax, qmax);
                magnitude = stack([q.clamp_min(0), (-q).clamp_min(0)]); // (2, out, rows)
                IntegerLevels = hardware.OnOffRatio is null;
            }
            else
            {
                Scale = maxAbs.contiguous();
                var q = w / Scale;
                magnitude = stack([q.clamp_min(0), (-q).clamp_min(0)]);
            }

            if (hardware.BitsPerCell is { } cellBits)
            {
                SliceBase = Math.Pow(2, cellBits);
                MaxLevel = SliceBase - 1;
                var digits = new List<Tensor>();
                var rest = magnitude;
                for (int k = 0; k < hardware.Slices; k++)
                {
                    digits.Add(rest.remainder(SliceBase));
                    rest = (rest / SliceBase).floor_();
                }
                Conductance = stack(digits, dim: 1).contiguous(); // (2, S, out, rows)
            }
            else
            {
                SliceBase = 1;
                MaxLevel = hardware.WeightBits is { } b ? Math.Pow(2, b - 1) - 1 : 1;
                Conductance = magnitude.unsqueeze(1).contiguous();
            }
            OffConductance = hardware.OnOffRatio is { } ratio ? MaxLevel / (ratio - 1) : 0;
            if (OffConductance > 0) Conductance.add_(OffConductance);
        }
        // Lives until Dispose, whatever dispose scope the caller is in.
        Scale.DetachFromDisposeScope();
        Conductance.DetachFromDisposeScope();
        Sign?.DetachFromDisposeScope();
        SignedScale?.DetachFromDisposeScope();
    }

    /// <summary>Coefficient of each (polarity, slice) column in the layer output: ±SliceBase^k, shape (P, S).</summary>
    public Tensor ColumnCoefficients(Device device)
    {
        var powers = Enumerable.Range(0, Slices).Select(k => (float)Math.Pow(SliceBase, k)).ToArray();
        var signs = Polarities == 2 ? new[] { 1f, -1f } : [1f];
        return outer(tensor(signs, device: device), tensor(powers, device: device));
    }

    /// <summary>
    /// The weight matrix a set of conductances realizes (out × rows): Scale · Σ_k SliceBase^k · (g⁺_k − g⁻_k), or
    /// Scale · sign(W) · g for the float model. Exact when no ADC sits between columns and output.
    /// </summary>
    public Tensor EffectiveWeight(Tensor conductance)
    {
        using var scope = NewDisposeScope();
        Tensor result = SignedScale is not null
            ? SignedScale * conductance[0, 0]
            : Scale * einsum("ps,psor->or", ColumnCoefficients(conductance.device), conductance);
        return result.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Scale.Dispose();
        Conductance.Dispose();
        Sign?.Dispose();
        SignedScale?.Dispose();
    }
}
