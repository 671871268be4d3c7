using CorrectNet.Experiments.Results;
using CorrectNet.Quantization;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 06, computed from the run: what the search chose and what the held-out check
/// (docs/method.md F33b) made of it, where the ADC energy saving comes from, the unseen chips and the verdict on C4
/// (≥ 55% less ADC energy than the cheapest uniform setting, F34a, at ≤ δ loss there,
/// <see cref="QuantizationStudy.MeetsClaim"/>), and how the kept setting
/// bears ADC noise. Accuracies are fractions, energies pJ per inference.
/// </summary>
public static class QuantizationReading
{
    /// <summary>The paper's claimed ADC power saving in percent (C4).</summary>
    public const double ClaimedReductionPct = 55;

    /// <summary>The reading of one network's study, δ = <paramref name="maxDrop"/> (0.01 = one point).</summary>
    public static IReadOnlyList<string> Study(string network, QuantizationStudy study, double maxDrop)
    {
        var search = study.Search;
        var own = study.HeldOut?.SearchChoice ?? search.Chosen;
        var lines = new List<string>
        {
            $"{network}: the search ({search.Method}, {search.Evaluations} settings evaluated) chose "
            + $"{Describe(own.Setting)}: {Percent(own.Accuracy)} on its chips against the reference's "
            + $"{Percent(search.Reference.Accuracy)} (bound {Percent(search.AccuracyBound)}), "
            + $"{Percent(Saving(own, search.Reference))} less ADC energy.",
            HeldOut(study.HeldOut, search.Reference),
            $"  kept: {Name(search.Chosen.Setting, search.Reference.Setting)}; ADC energy per inference "
            + $"{Energy(study.ReferenceCost.TotalPicojoules)} → {Energy(study.ChosenCost.TotalPicojoules)}, "
            + $"{Reduction(study)} less (ADC power at a fixed rate falls by the same share).",
        };
        if (study.KeptUniform)
            lines.Insert(2, "  the cheapest uniform setting within the bound (F34a) also holds there and costs less, "
                            + "so it is kept instead.");
        if (Sources(study) is { } sources) lines.Add(sources);
        if (study.Uniform is { } uniform)
            lines.Add($"  the cheapest uniform setting within the bound (F34a): "
                      + $"{Name(uniform.Setting, search.Reference.Setting)}, {Energy(uniform.Cost.TotalPicojoules)} "
                      + $"per inference, {Percent(uniform.Unseen.Mean)} on the unseen chips; against it the kept "
                      + $"setting saves {Pct(study.AdcPowerReductionVsUniformPct)} of ADC energy.");
        lines.Add($"  on {study.ChosenUnseen.Chips} unseen chips (seed {study.ChosenUnseen.Seed}): reference "
                  + $"{Percent(study.ReferenceUnseen.Mean)}, kept {Percent(study.ChosenUnseen.Mean)}, "
                  + $"{Loss(study.UnseenAccuracyLoss)} (δ = {Number(100 * maxDrop)} point).");
        if (study.FineTunedUnseen is { } tuned)
            lines.Add($"  after quantization-aware fine-tuning: {Percent(tuned.Mean)} on the same chips.");
        lines.Add(Verdict(network, study, maxDrop));
        return lines;
    }

    /// <summary>
    /// Reference and kept setting on unseen chips under ADC noise (points with X = noise in LSB, one per level): the
    /// accuracy each loses from the lowest to the highest level, and whether the kept one loses more than δ extra.
    /// </summary>
    public static IReadOnlyList<string> AdcNoise(
        string network, IReadOnlyList<CurvePoint> reference, IReadOnlyList<CurvePoint> chosen, double maxDrop)
    {
        if (reference.Count < 2 || chosen.Count < 2)
            return [$"{network}: fewer than two ADC noise levels, nothing to compare."];
        var r = reference.OrderBy(p => p.X).ToList();
        var c = chosen.OrderBy(p => p.X).ToList();
        double referenceLoss = r[0].Result.Mean - r[^1].Result.Mean;
        double chosenLoss = c[0].Result.Mean - c[^1].Result.Mean;
        double gap = chosenLoss - referenceLoss;
        string verdict = gap > maxDrop + Epsilon
            ? "the kept setting bears ADC noise worse: with fewer ADC bits each LSB of noise is a larger share of "
              + "its signal"
            : gap < -maxDrop - Epsilon
                ? "the kept setting bears ADC noise better than the reference"
                : "both bear ADC noise alike (within δ)";
        return
        [
            $"{network} under ADC noise {Number(r[0].X)} → {Number(r[^1].X)} LSB on unseen chips: reference "
            + $"{Percent(r[0].Result.Mean)} → {Percent(r[^1].Result.Mean)} ({Loss(referenceLoss)}), kept "
            + $"{Percent(c[0].Result.Mean)} → {Percent(c[^1].Result.Mean)} ({Loss(chosenLoss)}): {verdict}.",
        ];
    }

    private static string HeldOut(HeldOutChoice? held, QuantizationCandidate reference)
    {
        if (held is null) return "  no held-out check (the profile asks for no validation chips).";
        string against = $"against the reference's {Percent(held.ReferenceAccuracy)} (bound {Percent(held.Bound)})";
        if (!held.Retreated)
            return $"  on the validation chips the search's choice holds: {Percent(held.ChosenAccuracy)} {against}; "
                   + $"{held.Checks} settings checked.";
        var fell = held.Checked.Where(c => c.Candidate.Setting.Equals(held.SearchChoice.Setting)).ToList();
        string choice = fell.Count > 0 ? $"falls to {Percent(fell[0].Accuracy)}" : "is not kept";
        return $"  on the validation chips the search's choice {choice} {against}: the check walks back to "
               + $"{Name(held.Chosen.Setting, reference.Setting)} at {Percent(held.ChosenAccuracy)}, so the saving "
               + "falls from "
               + $"{Percent(Saving(held.SearchChoice, reference))} to {Percent(Saving(held.Chosen, reference))} "
               + $"({held.Checks} settings checked).";
    }

    /// <summary>
    /// The saving split in two: the kept conversions at the reference's ADC bits give what fewer conversions
    /// (slices) save; the rest is what fewer ADC bits save. Null when nothing is saved.
    /// </summary>
    private static string? Sources(QuantizationStudy study)
    {
        double reference = study.ReferenceCost.TotalPicojoules, kept = study.ChosenCost.TotalPicojoules;
        if (reference <= kept) return null;
        double sameBits = SameBitsPicojoules(study.ChosenCost, study.ReferenceCost);
        double fromBits = sameBits - kept, fromConversions = reference - sameBits;
        string most = fromBits > fromConversions
            ? "most comes from the ADC bits, which the lossless reference sets finer than variation and ADC noise let "
              + "the network use."
            : "most comes from fewer conversions (fewer slices).";
        return $"  of the {Energy(reference - kept)} saved, the ADC bits save {Energy(fromBits)} and the number of "
               + $"conversions {Energy(fromConversions)} (the kept conversions at the reference's ADC bits: "
               + $"{Energy(sameBits)}); {most}";
    }

    private static string Verdict(string network, QuantizationStudy study, double maxDrop)
    {
        string claim = $"{Number(ClaimedReductionPct)}%";
        string against = study.Uniform is null ? "the lossless reference" : "the cheapest uniform setting";
        string saving = Pct(study.ClaimReductionPct);
        if (study.MeetsClaim(maxDrop, ClaimedReductionPct))
            return $"  C4 holds for {network}: against {against} the kept setting saves {saving} of ADC energy "
                   + $"(≥ {claim}) within δ on unseen chips.";
        var reasons = new List<string>();
        if (study.ClaimReductionPct < ClaimedReductionPct)
            reasons.Add($"against {against} the kept setting saves only {saving} of ADC energy (< {claim})");
        if (study.UnseenAccuracyLoss > maxDrop)
            reasons.Add($"it loses {PointsApart(study.UnseenAccuracyLoss)} on unseen chips (> δ)");
        return $"  C4 does not hold for {network}: {string.Join(" and ", reasons)}.";
    }

    /// <summary>"the reference itself" when the setting is the reference, else <see cref="Describe"/>.</summary>
    private static string Name(QuantizationSetting setting, QuantizationSetting reference) =>
        setting.Equals(reference) ? "the reference itself" : Describe(setting);

    /// <summary>A setting in a few words: uniform bits read as one number, varying ones as a range.</summary>
    private static string Describe(QuantizationSetting setting)
    {
        static string Span(IEnumerable<int> values, string unit)
        {
            var distinct = values.Distinct().Order().ToList();
            return distinct.Count == 1
                ? $"{distinct[0]} {unit} in every layer"
                : $"{distinct[0]}–{distinct[^1]} {unit} by layer";
        }
        var layers = setting.Layers;
        return $"ADC {Span(layers.Select(l => l.AdcBits), "bits")}, {Span(layers.Select(l => l.Slices), "slices")}, "
               + $"weights {Span(layers.Select(l => l.WeightBits), "bits")}";
    }

    /// <summary>
    /// E_ADC in pJ of the chosen layers' conversions, each priced at the reference layer's energy per conversion:
    /// what fewer conversions (slices) alone would leave, before any ADC bit is removed.
    /// </summary>
    private static double SameBitsPicojoules(SettingCost chosen, SettingCost reference)
    {
        double total = 0;
        foreach (var layer in chosen.PerLayer)
        {
            var before = reference.PerLayer.First(r => r.Layer == layer.Layer);
            total += before.Conversions == 0 ? 0 : layer.Conversions * before.Picojoules / before.Conversions;
        }
        return total;
    }

    /// <summary>The study's ADC power reduction as "99.6%".</summary>
    private static string Reduction(QuantizationStudy study) => Pct(study.AdcPowerReductionPct);

    /// <summary>A percentage rounded to one decimal, as "99.6%".</summary>
    private static string Pct(double percent) => $"{Number(Math.Round(percent, 1))}%";

    /// <summary>1 − E(candidate) / E(reference) as a fraction.</summary>
    private static double Saving(QuantizationCandidate candidate, QuantizationCandidate reference) =>
        1 - candidate.EnergyPicojoules / reference.EnergyPicojoules;

    /// <summary>A drop of accuracy (fraction) as "loss 0.2 points", a rise as "gain 0.2 points".</summary>
    private static string Loss(double drop) =>
        drop >= 0 ? $"loss {PointsApart(drop)}" : $"gain {PointsApart(-drop)}";
}
