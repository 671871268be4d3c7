namespace CorrectNet.Quantization;

/// <summary>
/// The per-layer values a search may choose (inclusive ranges) [ours]. Defaults: b_w 4…8, b_c 1…4 (at most 16
/// conductance levels per RRAM cell), b_adc 3…17 (up to the reference's lossless 17 bits) and b_a fixed at 8:
/// with multi-bit inputs b_a does not change the number of conversions (F20), so lowering it saves no ADC energy.
/// </summary>
public sealed record QuantizationSpace
{
    public int MinWeightBits { get; init; } = 4;
    public int MaxWeightBits { get; init; } = 8;
    public int MinBitsPerCell { get; init; } = 1;
    public int MaxBitsPerCell { get; init; } = 4;
    public int MinAdcBits { get; init; } = 3;
    public int MaxAdcBits { get; init; } = 17;
    public int MinInputBits { get; init; } = 8;
    public int MaxInputBits { get; init; } = 8;

    public static QuantizationSpace Default { get; } = new();

    /// <summary>Throws naming the field when a range is empty or outside what a layer accepts.</summary>
    public QuantizationSpace Validate()
    {
        Check(MinWeightBits, MaxWeightBits, 2, LayerQuantization.MaxWeightBits, "WeightBits");
        Check(MinBitsPerCell, MaxBitsPerCell, 1, LayerQuantization.MaxBitsPerCell, "BitsPerCell");
        Check(MinAdcBits, MaxAdcBits, 1, LayerQuantization.MaxAdcBits, "AdcBits");
        Check(MinInputBits, MaxInputBits, 1, LayerQuantization.MaxInputBits, "InputBits");
        if (MinBitsPerCell > MaxWeightBits - 1)
            throw new ArgumentOutOfRangeException(
                nameof(MinBitsPerCell),
                MinBitsPerCell,
                $"MinBitsPerCell = {MinBitsPerCell} leaves no valid b_c ≤ b_w − 1 for b_w ≤ {MaxWeightBits}.");
        return this;
    }

    private static void Check(int min, int max, int lowest, int highest, string field)
    {
        if (min < lowest || max > highest || min > max)
            throw new ArgumentOutOfRangeException(
                $"Min{field}/Max{field}",
                $"{field} range {min}…{max} must be non-empty and within {lowest}…{highest}.");
    }

    /// <summary>Whether every value of <paramref name="layer"/> lies in the ranges (and b_c ≤ b_w − 1).</summary>
    public bool Contains(LayerQuantization layer) =>
        layer.WeightBits >= MinWeightBits && layer.WeightBits <= MaxWeightBits
        && layer.BitsPerCell >= MinBitsPerCell && layer.BitsPerCell <= Math.Min(MaxBitsPerCell, layer.WeightBits - 1)
        && layer.AdcBits >= MinAdcBits && layer.AdcBits <= MaxAdcBits
        && layer.InputBits >= MinInputBits && layer.InputBits <= MaxInputBits;

    /// <summary>The nearest layer inside the ranges: each value clamped, then b_c ≤ b_w − 1.</summary>
    public LayerQuantization Clamp(LayerQuantization layer)
    {
        int weight = Math.Clamp(layer.WeightBits, MinWeightBits, MaxWeightBits);
        int cell = Math.Clamp(
            layer.BitsPerCell, MinBitsPerCell, Math.Max(MinBitsPerCell, Math.Min(MaxBitsPerCell, weight - 1)));
        return layer with
        {
            WeightBits = weight,
            BitsPerCell = cell,
            AdcBits = Math.Clamp(layer.AdcBits, MinAdcBits, MaxAdcBits),
            InputBits = Math.Clamp(layer.InputBits, MinInputBits, MaxInputBits),
        };
    }
}
