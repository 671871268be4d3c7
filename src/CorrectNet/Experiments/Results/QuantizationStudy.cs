using CorrectNet.Evaluation;
using CorrectNet.Quantization;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// A quantization study (docs/method.md F33–F34): the search on its chips (front, chosen, reference), the ADC cost of
/// reference and chosen (F21), and both settings on unseen chips (a disjoint seed), plus the chosen setting after
/// quantization-aware fine-tuning when asked for. <see cref="Search"/>'s Chosen is the setting kept after the held-out
/// check (F33b), which <see cref="HeldOut"/> describes (null when the profile asks for no check). Accuracies are
/// fractions in [0, 1].
/// </summary>
public sealed record QuantizationStudy(
    QuantizationSearchResult Search,
    SettingCost ReferenceCost,
    SettingCost ChosenCost,
    MonteCarloResult ReferenceUnseen,
    MonteCarloResult ChosenUnseen,
    MonteCarloResult? FineTunedUnseen,
    HeldOutChoice? HeldOut,
    double Seconds)
{
    /// <summary>100 · (1 − E_ADC(chosen) / E_ADC(reference)); power at a fixed rate drops by the same
    /// percentage.</summary>
    public double AdcPowerReductionPct => 100 * ChosenCost.SavingAgainst(ReferenceCost);

    /// <summary>Reference minus chosen mean accuracy on the unseen chips (fraction; 0.01 = one point).</summary>
    public double UnseenAccuracyLoss => ReferenceUnseen.Mean - ChosenUnseen.Mean;

    /// <summary>The acceptance: ≥ 55% lower ADC power at ≤ δ loss of Monte-Carlo accuracy on unseen
    /// chips.</summary>
    public bool MeetsClaim(double maxDrop = 0.01, double minReductionPct = 55) =>
        AdcPowerReductionPct >= minReductionPct && UnseenAccuracyLoss <= maxDrop;
}
