using CorrectNet.Experiments.Results;
using Microsoft.Data.Analysis;

namespace CorrectNet.Notebooks;

/// <summary>Tables of quantization studies (accuracies in %, energies in nJ per inference, power in mW).</summary>
public static class QuantizationTables
{
    /// <summary>The chosen setting per layer beside the reference: b_w, b_c, slices, b_adc, b_a and the layer's ADC
    /// energy.</summary>
    public static DataFrame ChosenSetting(QuantizationStudy study)
    {
        var reference = study.Search.Reference.Setting;
        var chosen = study.Search.Chosen.Setting;
        var layers = chosen.Layers.Select(l => l.Layer).ToList();
        double Energy(Crossbar.AdcLayerEnergy[] perLayer,
            string layer) => perLayer.First(e => e.Layer == layer).Picojoules / 1000;
        var referenceEnergy = study.ReferenceCost.PerLayer.ToArray();
        var chosenEnergy = study.ChosenCost.PerLayer.ToArray();
        return new DataFrame(
            new StringDataFrameColumn("layer", layers),
            new Int32DataFrameColumn("weight_bits", layers.Select(l => chosen[l].WeightBits)),
            new Int32DataFrameColumn("bits_per_cell", layers.Select(l => chosen[l].BitsPerCell)),
            new Int32DataFrameColumn("slices", layers.Select(l => chosen[l].Slices)),
            new Int32DataFrameColumn("adc_bits", layers.Select(l => chosen[l].AdcBits)),
            new Int32DataFrameColumn("input_bits", layers.Select(l => chosen[l].InputBits)),
            new Int32DataFrameColumn("reference_adc_bits", layers.Select(l => reference[l].AdcBits)),
            new DoubleDataFrameColumn("reference_adc_energy_nj", layers.Select(l => Energy(referenceEnergy, l))),
            new DoubleDataFrameColumn("chosen_adc_energy_nj", layers.Select(l => Energy(chosenEnergy, l))));
    }

    /// <summary>
    /// One row per study: reference and chosen on the unseen chips (mean and 95% CI), the accuracy loss, total ADC
    /// energy and power of both, the reduction, the cheapest uniform setting within the bound (F34a) and the reduction
    /// against it, and whether the ≥ 55% at ≤ δ acceptance (against the uniform setting) holds.
    /// </summary>
    public static DataFrame Summary(IReadOnlyDictionary<string, QuantizationStudy> studies, double maxDrop)
    {
        var rows = studies.ToList();
        return new DataFrame(
            new StringDataFrameColumn("study", rows.Select(r => r.Key)),
            new DoubleDataFrameColumn("reference_accuracy_pct", rows.Select(r => 100 * r.Value.ReferenceUnseen.Mean)),
            new DoubleDataFrameColumn("chosen_accuracy_pct", rows.Select(r => 100 * r.Value.ChosenUnseen.Mean)),
            new DoubleDataFrameColumn("chosen_ci95_low_pct", rows.Select(r => 100 * r.Value.ChosenUnseen.Ci95.Low)),
            new DoubleDataFrameColumn("chosen_ci95_high_pct", rows.Select(r => 100 * r.Value.ChosenUnseen.Ci95.High)),
            new DoubleDataFrameColumn("loss_points", rows.Select(r => 100 * r.Value.UnseenAccuracyLoss)),
            new DoubleDataFrameColumn("fine_tuned_accuracy_pct",
                rows.Select(r => r.Value.FineTunedUnseen is { } f ? 100 * f.Mean : (double?)null)),
            new Int32DataFrameColumn("unseen_chips", rows.Select(r => r.Value.ChosenUnseen.Chips)),
            new StringDataFrameColumn("search_choice",
                rows.Select(r => r.Value.HeldOut?.SearchChoice.Setting.Key ?? r.Value.Search.Chosen.Setting.Key)),
            new BooleanDataFrameColumn("held_out_retreated", rows.Select(r => r.Value.HeldOut?.Retreated ?? false)),
            new DoubleDataFrameColumn("held_out_chosen_pct",
                rows.Select(r => r.Value.HeldOut is { } h ? 100 * h.ChosenAccuracy : (double?)null)),
            new DoubleDataFrameColumn("held_out_reference_pct",
                rows.Select(r => r.Value.HeldOut is { } h ? 100 * h.ReferenceAccuracy : (double?)null)),
            new DoubleDataFrameColumn("reference_adc_energy_nj",
                rows.Select(r => r.Value.ReferenceCost.TotalPicojoules / 1000)),
            new DoubleDataFrameColumn("chosen_adc_energy_nj",
                rows.Select(r => r.Value.ChosenCost.TotalPicojoules / 1000)),
            new DoubleDataFrameColumn("reference_power_mw", rows.Select(r => r.Value.ReferenceCost.PowerMilliwatts)),
            new DoubleDataFrameColumn("chosen_power_mw", rows.Select(r => r.Value.ChosenCost.PowerMilliwatts)),
            new DoubleDataFrameColumn("adc_power_reduction_pct", rows.Select(r => r.Value.AdcPowerReductionPct)),
            new StringDataFrameColumn("uniform_setting", rows.Select(r => r.Value.Uniform?.Setting.Key)),
            new DoubleDataFrameColumn("uniform_accuracy_pct",
                rows.Select(r => r.Value.Uniform is { } u ? 100 * u.Unseen.Mean : (double?)null)),
            new DoubleDataFrameColumn("uniform_adc_energy_nj",
                rows.Select(r => r.Value.Uniform is { } u ? u.Cost.TotalPicojoules / 1000 : (double?)null)),
            new DoubleDataFrameColumn("adc_power_reduction_vs_uniform_pct",
                rows.Select(r => r.Value.Uniform is null ? (double?)null : r.Value.AdcPowerReductionVsUniformPct)),
            new Int32DataFrameColumn("evaluations", rows.Select(r => r.Value.Search.Evaluations)),
            new BooleanDataFrameColumn("meets_55pct_at_delta", rows.Select(r => r.Value.MeetsClaim(maxDrop))));
    }
}
