namespace CorrectNet.Quantization;

/// <summary>
/// The quantization choices of one analog layer (docs/method.md F33): weight bits b_w (with sign), bits per cell b_c
/// (so S = ⌈(b_w − 1)/b_c⌉ slices, F13), ADC bits b_adc (F17) and DAC input bits b_a (F16).
/// </summary>
public sealed record LayerQuantization(string Layer, int WeightBits, int BitsPerCell, int AdcBits, int InputBits)
{
    /// <summary>Largest b_w accepted (as in <see cref="Crossbar.LayerHardware"/>).</summary>
    public const int MaxWeightBits = 24;
    /// <summary>Largest b_c accepted (256 conductance levels).</summary>
    public const int MaxBitsPerCell = 8;
    /// <summary>Largest b_adc accepted.</summary>
    public const int MaxAdcBits = 24;
    /// <summary>Largest b_a accepted.</summary>
    public const int MaxInputBits = 16;

    /// <summary>S = ⌈(b_w − 1) / b_c⌉, devices per weight magnitude and polarity (F13).</summary>
    public int Slices => Math.Max(1, (WeightBits - 1 + BitsPerCell - 1) / BitsPerCell);

    /// <summary>Compact form "b_w/b_c/b_adc/b_a", e.g. "8/2/17/8".</summary>
    public string Code => $"{WeightBits}/{BitsPerCell}/{AdcBits}/{InputBits}";

    /// <summary>Throws an error naming the layer and the field: every bit width in range and b_c ≤ b_w − 1.</summary>
    public LayerQuantization Validate()
    {
        if (string.IsNullOrWhiteSpace(Layer))
            throw new ArgumentException("A layer quantization needs the layer's name.", nameof(Layer));
        Range(WeightBits, 2, MaxWeightBits, nameof(WeightBits), " (sign + at least one magnitude bit)");
        Range(BitsPerCell, 1, MaxBitsPerCell, nameof(BitsPerCell), "");
        if (BitsPerCell > WeightBits - 1)
            throw new ArgumentOutOfRangeException($"{Layer}.{nameof(BitsPerCell)}", BitsPerCell,
                $"{Layer}.{nameof(BitsPerCell)} = {BitsPerCell} exceeds {nameof(WeightBits)} − 1 = {WeightBits - 1} " +
                "magnitude bits.");
        Range(AdcBits, 1, MaxAdcBits, nameof(AdcBits), "");
        Range(InputBits, 1, MaxInputBits, nameof(InputBits), "");
        return this;
    }

    private void Range(int value, int min, int max, string field, string why)
    {
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(
                $"{Layer}.{field}", value, $"{Layer}.{field} = {value} must be between {min} and {max} bits{why}.");
    }
}
