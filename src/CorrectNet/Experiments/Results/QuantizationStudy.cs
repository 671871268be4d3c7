using CorrectNet.Evaluation;
using CorrectNet.Quantization;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// A quantization study (docs/method.md F33–F34): the search on its chips (front, chosen, reference), the ADC cost of
/// reference and chosen (F21), and both settings on unseen chips (a disjoint seed), the cheapest uniform setting within
/// the bound (<see cref="Uniform"/>, F34a), plus the chosen setting after
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
    /// <summary>The cheapest uniform setting within the bound (F34a), re-checked on the validation chips, with its cost
    /// and its accuracy on the unseen chips; null only for studies made before it existed.</summary>
    public UniformChoice? Uniform { get; init; }

    /// <summary>True when the uniform baseline, which holds where the choice was checked, was cheaper than the checked
    /// choice and was kept in its place (so the per-layer search saved nothing against it).</summary>
    public bool KeptUniform { get; init; }

    /// <summary>The chip-evaluations the study asked for and how many of them it computed (the rest came from the
    /// result cache); null for a study not made by <c>QuantizationRecipes.Optimize</c>.</summary>
    public QuantizationWork? Work { get; init; }

    /// <summary>100 · (1 − E_ADC(chosen) / E_ADC(reference)); power at a fixed rate drops by the same
    /// percentage.</summary>
    public double AdcPowerReductionPct => 100 * ChosenCost.SavingAgainst(ReferenceCost);

    /// <summary>100 · (1 − E_ADC(chosen) / E_ADC(cheapest uniform)): what the per-layer search saves against the
    /// baseline a designer would build (F34a); NaN without <see cref="Uniform"/>.</summary>
    public double AdcPowerReductionVsUniformPct =>
        Uniform is { } u ? 100 * ChosenCost.SavingAgainst(u.Cost) : double.NaN;

    /// <summary>Reference minus chosen mean accuracy on the unseen chips (fraction; 0.01 = one point).</summary>
    public double UnseenAccuracyLoss => ReferenceUnseen.Mean - ChosenUnseen.Mean;

    /// <summary>The saving C4 is judged on: against the cheapest uniform setting (F34a), the baseline a designer
    /// would build; against the lossless reference only for a study without one.</summary>
    public double ClaimReductionPct => Uniform is null ? AdcPowerReductionPct : AdcPowerReductionVsUniformPct;

    /// <summary>C4's acceptance: ≥ 55% lower ADC power (<see cref="ClaimReductionPct"/>) at ≤ δ loss of Monte-Carlo
    /// accuracy on unseen chips.</summary>
    public bool MeetsClaim(double maxDrop = 0.01, double minReductionPct = 55) =>
        ClaimReductionPct >= minReductionPct && UnseenAccuracyLoss <= maxDrop;
}

/// <summary>The cheapest uniform setting within the search's bound (docs/method.md F34a), its ADC cost and its
/// accuracy on the unseen chips.</summary>
public sealed record UniformChoice(QuantizationSetting Setting, SettingCost Cost, MonteCarloResult Unseen);
