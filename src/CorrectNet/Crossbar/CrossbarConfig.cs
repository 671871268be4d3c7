namespace CorrectNet.Crossbar;

/// <summary>
/// The hardware a model runs on: device variation for every analog layer, the default mapping of a layer, per-layer
/// overrides by layer name, and layers kept digital. Immutable: vary one knob with <c>with</c>.
/// </summary>
public sealed record CrossbarConfig
{
    public DeviceVariation Variation { get; init; } = DeviceVariation.None;
    public LayerHardware Hardware { get; init; } = new();
    /// <summary>Layer name (as in named_modules) → mapping that replaces <see cref="Hardware"/> for it.</summary>
    public IReadOnlyDictionary<string, LayerHardware> Overrides { get; init; } =
        new Dictionary<string, LayerHardware>();
    /// <summary>Conv2d/Linear layers computed digitally: no variation, no quantization.</summary>
    public IReadOnlyList<string> DigitalLayers { get; init; } = [];

    // Value equality over the collections' contents (a record compares them by reference).
    public bool Equals(CrossbarConfig? other) =>
        other is not null && Variation == other.Variation && Hardware == other.Hardware
        && DigitalLayers.SequenceEqual(other.DigitalLayers)
        && Overrides.Count == other.Overrides.Count
        && Overrides.All(o => other.Overrides.TryGetValue(o.Key, out var h) && h == o.Value);

    public override int GetHashCode() => HashCode.Combine(Variation, Hardware, Overrides.Count, DigitalLayers.Count);

    public LayerHardware HardwareFor(string layer) => Overrides.TryGetValue(layer, out var own) ? own : Hardware;

    public bool IsDigital(string layer) => DigitalLayers.Contains(layer);

    /// <summary>
    /// Whether some layer quantizes inputs or has an ADC, so the twin needs calibration images (F16–F17).
    /// </summary>
    public bool NeedsCalibration() =>
        Hardware.InputBits is not null || Hardware.AdcBits is not null
        || Overrides.Values.Any(h => h.InputBits is not null || h.AdcBits is not null);

    /// <summary>
    /// Checks every value, and that every named layer exists (unknown names are errors, not silently ignored).
    /// </summary>
    public CrossbarConfig Validate(IReadOnlyCollection<string>? layerNames = null)
    {
        Variation.Validate();
        Hardware.Validate("");
        foreach (var (layer, hardware) in Overrides) hardware.Validate(layer);
        if (layerNames is not null)
        {
            var unknown = Overrides.Keys.Concat(DigitalLayers)
                .Where(name => !layerNames.Contains(name))
                .Distinct()
                .ToList();
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"Unknown layer name(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))} " +
                    "in Overrides/DigitalLayers; " +
                    $"the model's Conv2d/Linear layers are: {string.Join(", ", layerNames)}.", nameof(Overrides));
        }
        return this;
    }

    /// <summary>No variation, nothing quantized: the analog twin computes what the digital model computes.</summary>
    public static CrossbarConfig Ideal { get; } = new();

    /// <summary>The paper's float model: w' = w · e^θ, θ ~ N(0, σ²), one device per weight.</summary>
    public static CrossbarConfig Lognormal(double sigma) => new() { Variation = DeviceVariation.Lognormal(sigma) };

    /// <summary>
    /// A realistic RRAM macro: 8-bit weights, 2 bits per cell (S = 4), 128-row tiles, 8-bit inputs and ADC.
    /// </summary>
    public static CrossbarConfig Rram(double sigma) => new()
    {
        Variation = DeviceVariation.Lognormal(sigma),
        Hardware = new LayerHardware { WeightBits = 8, BitsPerCell = 2, Rows = 128, InputBits = 8, AdcBits = 8 },
    };

    public const string IdealPreset = "ideal";
    public const string LognormalPreset = "lognormal";
    public const string RramPreset = "rram";

    /// <summary>
    /// The presets, name → configuration at a σ, in the order help lists them. <see cref="PresetNames"/> and
    /// <see cref="Preset"/> both read this table, so a preset added here is accepted and listed everywhere.
    /// Declared before <see cref="PresetNames"/>: static initializers run in text order.
    /// </summary>
    private static readonly (string Name, Func<double, CrossbarConfig> Create)[] Presets =
    [
        (IdealPreset, _ => Ideal),
        (LognormalPreset, Lognormal),
        (RramPreset, Rram),
    ];

    public static IReadOnlyList<string> PresetNames { get; } = [.. Presets.Select(p => p.Name)];

    /// <summary>A preset by name (trimmed, lower-cased) with lognormal σ (ignored by ideal).</summary>
    public static CrossbarConfig Preset(string name, double sigma)
    {
        string key = name.Trim().ToLowerInvariant();
        foreach (var (presetName, create) in Presets)
            if (presetName == key) return create(sigma);
        throw new ArgumentException($"Unknown preset '{name}'; known: {string.Join(", ", PresetNames)}.", nameof(name));
    }
}
