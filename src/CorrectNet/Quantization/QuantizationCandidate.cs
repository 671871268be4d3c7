namespace CorrectNet.Quantization;

/// <summary>
/// One evaluated setting: its Monte-Carlo accuracy (fraction) on the search chips and its E_ADC in pJ per inference.
/// </summary>
public sealed record QuantizationCandidate(QuantizationSetting Setting, double Accuracy, double EnergyPicojoules)
{
    /// <summary>Pareto dominance for (maximize accuracy, minimize energy): no worse in both, better in one.</summary>
    public bool Dominates(QuantizationCandidate other) =>
        Accuracy >= other.Accuracy && EnergyPicojoules <= other.EnergyPicojoules
        && (Accuracy > other.Accuracy || EnergyPicojoules < other.EnergyPicojoules);
}
