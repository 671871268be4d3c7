using System.Text.Json.Serialization;
namespace CorrectNet.Crossbar;

/// <summary>
/// How one layer is mapped onto crossbars (docs/method.md F11–F17). A null bit width means unlimited: null
/// everywhere is the float model w' = w · e^θ, one device per weight.
/// </summary>
public sealed record LayerHardware
{
    /// <summary>b_w, weight bits including sign (symmetric quantization); null = unquantized.</summary>
    public int? WeightBits { get; init; }
    /// <summary>One weight scale per output channel instead of per layer.</summary>
    public bool PerChannelScale { get; init; }
    /// <summary>
    /// b_c, bits per RRAM cell (2^b_c conductance levels); null = one device holds the whole magnitude.
    /// </summary>
    public int? BitsPerCell { get; init; }
    /// <summary>ρ = g_max / g_min of a device; null = ideal off state (g_min = 0).</summary>
    public double? OnOffRatio { get; init; }
    /// <summary>R, crossbar rows; the layer's rows are split into ceil(rows / R) tiles; null = one tile.</summary>
    public int? Rows { get; init; }
    /// <summary>
    /// b_a, DAC input bits (with sign when the layer's inputs can be negative); null = analog inputs.
    /// </summary>
    public int? InputBits { get; init; }
    /// <summary>Apply inputs one bit per cycle (b_a cycles, each digitized) instead of as multi-bit voltages.</summary>
    public bool BitSerialInput { get; init; }
    /// <summary>b_adc, ADC output bits; null = partial sums read exactly.</summary>
    public int? AdcBits { get; init; }
    public AdcCalibration AdcCalibration { get; init; } = AdcCalibration.Max;
    /// <summary>Percentile (0–100] of |partial sums| for <see cref="AdcCalibration.Percentile"/>.</summary>
    public double AdcPercentile { get; init; } = 99.99;
    /// <summary>σ_adc, Gaussian ADC noise in LSB, fresh for every conversion.</summary>
    public double AdcNoiseLsb { get; init; }

    /// <summary>How the ADC noise is drawn (<see cref="NormalStream.SamplerName"/>), written into cache keys so
    /// that results of another sampler are not read as this one's; absent without noise, so noise-free keys stay.
    /// Not read back: it follows from the kit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AdcNoiseSampler => AdcNoiseLsb > 0 ? NormalStream.SamplerName : null;

    /// <summary>The paper's float model: nothing quantized, one device per weight, no tiling, no ADC.</summary>
    [JsonIgnore]
    public bool IsFloat => WeightBits is null && BitsPerCell is null && OnOffRatio is null && Rows is null
                           && InputBits is null && AdcBits is null && AdcNoiseLsb == 0;

    /// <summary>S = ceil((b_w − 1) / b_c), devices per weight magnitude and polarity.</summary>
    [JsonIgnore]
    public int Slices => WeightBits is { } w && BitsPerCell is { } c ? Math.Max(1, (w - 1 + c - 1) / c) : 1;

    public LayerHardware Validate(string layer)
    {
        string at = layer.Length == 0 ? "" : $"{layer}.";
        CrossbarValidation.PositiveBits(WeightBits, $"{at}WeightBits");
        if (WeightBits == 1)
            throw new ArgumentOutOfRangeException(
                $"{at}WeightBits", 1, $"{at}WeightBits = 1 leaves no magnitude bit; use ≥ 2 (sign + magnitude).");
        CrossbarValidation.PositiveBits(BitsPerCell, $"{at}BitsPerCell", 8);
        if (BitsPerCell is { } cell && WeightBits is { } weight && cell > weight - 1)
            throw new ArgumentOutOfRangeException(
                $"{at}BitsPerCell",
                cell,
                $"{at}BitsPerCell = {cell} exceeds WeightBits − 1 = {weight - 1} magnitude bits.");
        if (BitsPerCell is not null && WeightBits is null)
            throw new ArgumentException(
                $"{at}BitsPerCell needs WeightBits: slicing applies to quantized weights.", $"{at}BitsPerCell");
        if (OnOffRatio is { } ratio && !(ratio > 1) || OnOffRatio is { } r && double.IsInfinity(r))
            throw new ArgumentOutOfRangeException(
                $"{at}OnOffRatio",
                OnOffRatio,
                $"{at}OnOffRatio = {OnOffRatio} must be a finite number > 1 (or null for an ideal off state).");
        if (Rows is { } rows && rows < 1)
            throw new ArgumentOutOfRangeException($"{at}Rows", rows, $"{at}Rows = {rows} must be ≥ 1.");
        CrossbarValidation.PositiveBits(InputBits, $"{at}InputBits", 16);
        if (BitSerialInput && InputBits is null)
            throw new ArgumentException($"{at}BitSerialInput needs InputBits.", $"{at}BitSerialInput");
        CrossbarValidation.PositiveBits(AdcBits, $"{at}AdcBits", 24);
        if (!(AdcPercentile is > 0 and <= 100))
            throw new ArgumentOutOfRangeException(
                $"{at}AdcPercentile", AdcPercentile, $"{at}AdcPercentile = {AdcPercentile} must be in (0, 100].");
        CrossbarValidation.NonNegative(AdcNoiseLsb, $"{at}AdcNoiseLsb");
        if (AdcNoiseLsb > 0 && AdcBits is null)
            throw new ArgumentException(
                $"{at}AdcNoiseLsb needs AdcBits (noise is in LSB of the ADC).", $"{at}AdcNoiseLsb");
        return this;
    }
}
