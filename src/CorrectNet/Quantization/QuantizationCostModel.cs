using CorrectNet.Crossbar;
using CorrectNet.Models;

namespace CorrectNet.Quantization;

/// <summary>
/// ADC energy of a quantization setting from the layer profiles alone (docs/method.md F20–F21), without building the
/// analog twin: N_conv(l) = output positions × C_out × ⌈rows/R⌉ tiles × S slices × 2 polarities × 1 input cycle
/// (multi-bit inputs), E_ADC = Σ_l N_conv(l) · FOM · 2^b_adc(l). It equals <see cref="AdcEnergyModel.PerLayer"/> of the
/// twin built with <see cref="QuantizationSetting.ToCrossbarConfig"/>.
/// </summary>
public sealed class QuantizationCostModel
{
    /// <summary>
    /// Inference rate at which <see cref="SettingCost.PowerMilliwatts"/> is stated by default [ours]: 1000
    /// inferences/s.
    /// </summary>
    public const double DefaultInferencesPerSecond = 1000;

    private readonly Dictionary<string, LayerProfile> _profiles;

    /// <param name="profiles">The analog layers (<see cref="LayerProfiler.Profile"/>).</param>
    /// <param name="rows">R, crossbar rows per tile; null = one tile per layer.</param>
    /// <param name="energy">FOM of the ADC; default 10 fJ per conversion step.</param>
    /// <param name="inferencesPerSecond">Rate for the power figure.</param>
    public QuantizationCostModel(IReadOnlyList<LayerProfile> profiles, int? rows = 128, AdcEnergyModel? energy = null,
        double inferencesPerSecond = DefaultInferencesPerSecond)
    {
        if (rows is < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "At least one crossbar row.");
        if (!(inferencesPerSecond > 0))
            throw new ArgumentOutOfRangeException(
                nameof(inferencesPerSecond), inferencesPerSecond, "The inference rate must be > 0.");
        Profiles = profiles;
        _profiles = profiles.ToDictionary(p => p.Name);
        Rows = rows;
        Energy = energy ?? new AdcEnergyModel();
        InferencesPerSecond = inferencesPerSecond;
    }

    public IReadOnlyList<LayerProfile> Profiles { get; }
    public int? Rows { get; }
    public AdcEnergyModel Energy { get; }
    public double InferencesPerSecond { get; }

    /// <summary>The layers in forward order, as a setting lists them.</summary>
    public IReadOnlyList<string> LayerNames => [.. Profiles.Select(p => p.Name)];

    /// <summary>Row tiles T = ⌈rows / R⌉ of a layer (F15).</summary>
    public int Tiles(string layer)
    {
        long rows = Profile(layer).WeightRows;
        return Rows is { } r ? (int)((rows + r - 1) / r) : 1;
    }

    /// <summary>Per-layer and total ADC cost of one inference under <paramref name="setting"/>.</summary>
    public SettingCost Cost(QuantizationSetting setting)
    {
        setting.Validate(_profiles.Keys);
        var perLayer = setting.Layers.Select(layer =>
        {
            var profile = Profile(layer.Layer);
            long conversions = AdcEnergyModel.Conversions(
                profile.OutputPositions,
                profile.OutChannels,
                Tiles(layer.Layer),
                layer.Slices,
                polarities: 2,
                inputCycles: 1);
            return new AdcLayerEnergy(
                layer.Layer, layer.AdcBits, conversions, conversions * Energy.ConversionPicojoules(layer.AdcBits));
        }).ToList();
        return new SettingCost(perLayer, InferencesPerSecond);
    }

    /// <summary>E_ADC in pJ per inference.</summary>
    public double TotalPicojoules(QuantizationSetting setting) => Cost(setting).TotalPicojoules;

    /// <summary>The reference setting of F34 for this model at <see cref="Rows"/> (128 when null).</summary>
    public QuantizationSetting Reference() => QuantizationSetting.Reference(LayerNames, Rows ?? 128);

    private LayerProfile Profile(string layer) =>
        _profiles.TryGetValue(layer, out var p)
            ? p
            : throw new KeyNotFoundException($"The model has no analog layer '{layer}'.");
}
