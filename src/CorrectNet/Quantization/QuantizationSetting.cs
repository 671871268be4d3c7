using CorrectNet.Crossbar;

namespace CorrectNet.Quantization;

/// <summary>
/// A per-layer quantization setting q (docs/method.md F33), in the model's forward order. Settings compare and cache
/// by <see cref="Key"/>, a canonical string of every layer's choices.
/// </summary>
public sealed record QuantizationSetting(IReadOnlyList<LayerQuantization> Layers)
{
    /// <summary>Canonical key "layer=b_w/b_c/b_adc/b_a;…" in layer order: equal settings, equal keys.</summary>
    public string Key => string.Join(";", Layers.Select(l => $"{l.Layer}={l.Code}"));

    public bool Equals(QuantizationSetting? other) => other is not null && Key == other.Key;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Key;

    public LayerQuantization this[string layer] =>
        Layers.FirstOrDefault(l => l.Layer == layer)
        ?? throw new KeyNotFoundException($"The setting has no layer '{layer}'.");

    /// <summary>
    /// The same setting with one layer's choices replaced (matched by <see cref="LayerQuantization.Layer"/>).
    /// </summary>
    public QuantizationSetting With(LayerQuantization layer)
    {
        if (Layers.All(l => l.Layer != layer.Layer))
            throw new KeyNotFoundException($"The setting has no layer '{layer.Layer}'.");
        return new QuantizationSetting([.. Layers.Select(l => l.Layer == layer.Layer ? layer : l)]);
    }

    /// <summary>
    /// Every layer validated (errors name the layer and the field); layer names unique and, when given, exactly the
    /// model's.
    /// </summary>
    public QuantizationSetting Validate(IReadOnlyCollection<string>? modelLayers = null)
    {
        if (Layers.Count == 0)
            throw new ArgumentException("A quantization setting needs at least one layer.", nameof(Layers));
        foreach (var layer in Layers) layer.Validate();
        var duplicate = Layers.GroupBy(l => l.Layer).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Layer '{duplicate.Key}' appears twice in the setting.", nameof(Layers));
        if (modelLayers is not null)
        {
            var unknown = Layers.Select(l => l.Layer).Where(n => !modelLayers.Contains(n)).ToList();
            var missing = modelLayers.Where(n => Layers.All(l => l.Layer != n)).ToList();
            if (unknown.Count > 0 || missing.Count > 0)
                throw new ArgumentException(
                    $"The setting's layers do not match the model's ({string.Join(", ", modelLayers)}): " +
                    $"unknown {string.Join(", ", unknown.Select(n => $"'{n}'"))}; " +
                    $"missing {string.Join(", ", missing.Select(n => $"'{n}'"))}.",
                    nameof(Layers));
        }
        return this;
    }

    /// <summary>
    /// The hardware that runs this setting: <paramref name="hardware"/> (variation, tiles R, ADC noise, calibration)
    /// with one override per layer carrying its b_w, b_c, b_adc and b_a (multi-bit inputs).
    /// </summary>
    public CrossbarConfig ToCrossbarConfig(CrossbarConfig hardware)
    {
        Validate();
        var overrides = new Dictionary<string, LayerHardware>();
        foreach (var layer in Layers)
        {
            overrides[layer.Layer] = hardware.HardwareFor(layer.Layer) with
            {
                WeightBits = layer.WeightBits,
                BitsPerCell = layer.BitsPerCell,
                AdcBits = layer.AdcBits,
                InputBits = layer.InputBits,
                BitSerialInput = false,
            };
        }
        return hardware with { Overrides = overrides };
    }

    /// <summary>
    /// The reference ("uniform") setting of docs/method.md F34: every layer 8-bit weights, 2 bits per cell (S = 4),
    /// 8-bit inputs and the lossless ADC b_c + log2 R + b_a (F18; 17 bits at R = 128).
    /// </summary>
    public static QuantizationSetting Reference(
        IEnumerable<string> layers,
        int rows = 128,
        int weightBits = 8,
        int bitsPerCell = 2,
        int inputBits = 8) =>
        Uniform(layers, weightBits, bitsPerCell, LosslessAdc.Bits(bitsPerCell, rows, inputBits), inputBits);

    /// <summary>The same choices for every layer.</summary>
    public static QuantizationSetting Uniform(
        IEnumerable<string> layers,
        int weightBits,
        int bitsPerCell,
        int adcBits,
        int inputBits) =>
        new QuantizationSetting(
            [.. layers.Select(name => new LayerQuantization(name, weightBits, bitsPerCell, adcBits, inputBits))])
            .Validate();
}
