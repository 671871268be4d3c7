namespace CorrectNet.Crossbar;

/// <summary>
/// ADC energy (docs/method.md F19–F21): E(b) = FOM · 2^b per conversion (Walden figure of merit), and per inference
/// Σ_layers N_conv(l) · E(b_adc(l)) with N_conv = output positions × out channels × row tiles × slices × polarities ×
/// input cycles. Power at a fixed inference rate is proportional, so both shrink by the same ratio.
/// </summary>
/// <param name="FomFemtojoules">Energy per conversion step in fJ. Default 10 fJ/step: the order of magnitude of
/// moderate-speed SAR ADCs in published ADC surveys (B. Murmann, "ADC Performance Survey"); a parameter, not a
/// claim.</param>
public sealed record AdcEnergyModel(double FomFemtojoules = 10.0)
{
    /// <summary>Energy of one b-bit conversion in pJ.</summary>
    public double ConversionPicojoules(int bits) => FomFemtojoules * Math.Pow(2, bits) / 1000.0;

    /// <summary>ADC conversions of one inference of one layer.</summary>
    public static long Conversions(
        long outputPositions,
        long outChannels,
        int tiles,
        int slices,
        int polarities,
        int inputCycles) =>
        checked(outputPositions * outChannels * tiles * slices * polarities * inputCycles);

    /// <summary>
    /// Per-layer ADC energy of one inference through an analog model (layers without ADC are omitted).
    /// </summary>
    public IReadOnlyList<AdcLayerEnergy> PerLayer(AnalogModel model, IReadOnlyList<Models.LayerProfile> profiles)
    {
        var byName = profiles.ToDictionary(p => p.Name);
        return model.Layers
            .Where(l => l.Hardware.AdcBits is not null)
            .Select(l =>
            {
                var p = byName[l.Name];
                long conversions = Conversions(
                    p.OutputPositions, p.OutChannels, l.Tiles, l.Slices, l.Polarities, l.InputCycles);
                int bits = l.Hardware.AdcBits!.Value;
                return new AdcLayerEnergy(l.Name, bits, conversions, conversions * ConversionPicojoules(bits));
            })
            .ToList();
    }

    /// <summary>Total ADC energy of one inference in pJ; null when no layer has an ADC.</summary>
    public double? TotalPicojoules(AnalogModel model, IReadOnlyList<Models.LayerProfile> profiles)
    {
        var layers = PerLayer(model, profiles);
        return layers.Count == 0 ? null : layers.Sum(l => l.Picojoules);
    }
}
