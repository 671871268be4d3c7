using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// Column ADC (docs/method.md F17): b-bit uniform quantizer of a partial sum p over the calibrated full scale M,
/// code = clamp(⌊p / Δ + ½ + n⌋, lo, hi) (nearest code in exact arithmetic; float32 rounding near a half-step: F17),
/// n ~ N(0, σ_adc²) in LSB, fresh per conversion. Unsigned
/// (inputs ≥ 0): range [0, M], Δ = M / (2^b − 1), codes 0…2^b − 1; signed: range [−M, M], Δ = 2M / (2^b − 1), codes
/// −2^(b−1)…2^(b−1) − 1 (zero is a code, so ±M lie half a step beyond the end codes and still read within Δ/2).
/// When ideal partial sums are whole numbers, Δ ≥ 1: an ADC with enough bits reads them exactly.
/// </summary>
internal sealed class Adc(int bits, double noiseLsb, AdcCalibration calibration, double percentile)
{
    public int Bits { get; } = bits;
    public double FullScale { get; private set; }
    public double Lsb { get; private set; } = 1;
    public bool Signed { get; private set; }
    public bool IsCalibrated { get; private set; }

    /// <param name="magnitudes">|partial sums| of the calibration batch, or an evenly strided sample of them; null =
    /// use the max.</param>
    /// <param name="max">The largest |partial sum| of the whole batch.</param>
    /// <param name="signed">Whether partial sums can be negative.</param>
    /// <param name="integerLevels">Whether ideal partial sums are whole numbers.</param>
    public void Calibrate(Tensor? magnitudes, double max, bool signed, bool integerLevels)
    {
        FullScale = calibration == AdcCalibration.Percentile && magnitudes is not null
            ? Percentile(magnitudes.flatten(), percentile)
            : max;
        Signed = signed;
        // Signed: M / Δ = 2^(b−1) − ½, so all of [−M, M] reads within Δ/2 (Δ = M / 2^(b−1) clipped +M a full step low).
        double steps = signed ? Math.Pow(2, Bits - 1) - 0.5 : Math.Pow(2, Bits) - 1;
        Lsb = FullScale > 0 ? FullScale / steps : 1;
        if (integerLevels) Lsb = Math.Max(Lsb, 1);
        IsCalibrated = true;
    }

    /// <summary>
    /// Output codes (integers as floats) from <paramref name="shifted"/> = p / Δ + ½, computed in place: the input is
    /// consumed. The crossbar's matrix product yields this form directly (scale and shift fused into the GEMM), so
    /// code = clamp(⌊p / Δ + ½ + n⌋, lo, hi) (ties round up) is one pass over the simulator's largest tensor, the
    /// noise drawn in it from <paramref name="noise"/> (docs/method.md F35); without a stream (the ideal devices) it
    /// is noise-free.
    /// </summary>
    public Tensor CodesOfShifted(Tensor shifted, NormalStream? noise)
    {
        double low = Signed ? -Math.Pow(2, Bits - 1) : 0;
        double high = Signed ? Math.Pow(2, Bits - 1) - 1 : Math.Pow(2, Bits) - 1;
        if (noiseLsb > 0 && noise is not null)
        {
            noise.AddFloorClamp(shifted, noiseLsb, low, high);
            return shifted;
        }
        return shifted.floor_().clamp_(low, high);
    }

    /// <summary>The digitized partial sums in partial-sum units, code · Δ, as a new tensor.</summary>
    public Tensor Convert(Tensor partialSums, NormalStream? noise) =>
        CodesOfShifted(partialSums.div(Lsb).add_(0.5), noise).mul_(Lsb);

    /// <summary>The p-th percentile (0–100] of a 1-D tensor, from at most 2^22 evenly strided samples.</summary>
    private static double Percentile(Tensor values, double p)
    {
        long n = values.shape[0];
        long stride = Math.Max(1, n / (1L << 22));
        using var sample = values[TensorIndex.Slice(0, n, stride)].sort().Values;
        long index = (long)Math.Clamp(Math.Ceiling(p / 100 * sample.shape[0]) - 1, 0, sample.shape[0] - 1);
        return sample[index].item<float>();
    }
}
