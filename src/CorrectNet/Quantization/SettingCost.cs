using CorrectNet.Crossbar;

namespace CorrectNet.Quantization;

/// <summary>
/// ADC cost of one setting (docs/method.md F19–F21): per-layer conversions and energy per inference, the total E_ADC
/// in pJ, and the power at <see cref="InferencesPerSecond"/>, P = E_ADC · rate.
/// </summary>
public sealed record SettingCost(IReadOnlyList<AdcLayerEnergy> PerLayer, double InferencesPerSecond)
{
    /// <summary>E_ADC = Σ_l N_conv(l) · FOM · 2^b_adc(l), pJ per inference.</summary>
    public double TotalPicojoules => PerLayer.Sum(l => l.Picojoules);
    /// <summary>Total ADC conversions per inference.</summary>
    public long Conversions => PerLayer.Sum(l => l.Conversions);
    /// <summary>E_ADC · rate in mW (pJ · s⁻¹ = 10⁻⁹ mW).</summary>
    public double PowerMilliwatts => TotalPicojoules * InferencesPerSecond * 1e-9;
    /// <summary>
    /// saving = 1 − E_ADC(this) / E_ADC(reference) (F21); a power ratio at the same rate is the same.
    /// </summary>
    public double SavingAgainst(SettingCost reference) => 1 - TotalPicojoules / reference.TotalPicojoules;
}
