using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// Input DAC (docs/method.md F16): b_a-bit uniform quantization over the calibrated range r = max |x| of a
/// calibration batch. Unsigned inputs (after ReLU) use codes 0…2^b_a − 1; inputs that can be negative (the first
/// layer's normalized pixels) use signed codes −(2^(b_a−1) − 1)…2^(b_a−1) − 1, applied as signed voltages.
/// </summary>
internal sealed class Dac(int? bits)
{
    public int? Bits { get; } = bits;
    public double Range { get; private set; }
    public bool Signed { get; private set; }
    public bool IsCalibrated { get; private set; }

    /// <summary>Largest code magnitude.</summary>
    public double MaxCode => Bits is { } b ? (Signed ? Math.Pow(2, b - 1) - 1 : Math.Pow(2, b) - 1) : double.NaN;

    /// <summary>Volts per code (range / max code); 1 for analog inputs.</summary>
    public double Step => Bits is null ? 1 : Range / MaxCode;

    /// <summary>Magnitude bits a bit-serial input sends, one per cycle.</summary>
    public int MagnitudeBits => Bits is { } b ? (Signed ? b - 1 : b) : 0;

    public void Calibrate(Tensor input, string layer)
    {
        Range = Math.Max(input.abs().max().item<float>(), 1e-12);
        Signed = input.min().item<float>() < 0;
        if (Signed && Bits == 1)
            throw new ArgumentOutOfRangeException(
                $"{layer}.InputBits",
                1,
                $"{layer}: inputs can be negative, so InputBits must be ≥ 2 (sign + magnitude).");
        IsCalibrated = true;
    }

    /// <summary>Integer codes (as floats) of the input; the input itself for analog inputs.</summary>
    public Tensor Codes(Tensor input)
    {
        if (Bits is null) return input.alias();
        double max = MaxCode;
        return (input / Step).round_().clamp_(Signed ? -max : 0, max);
    }
}
