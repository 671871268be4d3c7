using CorrectNet.Crossbar;
using CorrectNet.Experiments.Profiles;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// The hardware knobs of docs/method.md F11–F17 that claim C4 names, each varied alone around
/// <see cref="CrossbarConfig.Rram"/> (8-bit weights, 2 bits per cell, 128-row tiles, 8-bit inputs and ADC):
/// bits per cell, ADC bits, ADC noise and crossbar rows. The quick profile uses two or three values per knob.
/// </summary>
public static class HardwareKnobs
{
    public static HardwareKnob BitsPerCell(IReadOnlyList<double> values) => new("bits per cell",
        "bits per RRAM cell b_c (8-bit weights: ⌈7 / b_c⌉ slices)", values,
        (c, v) => c with { Hardware = c.Hardware with { BitsPerCell = (int)v } })
    { Label = v => $"{v:0} b/cell" };

    public static HardwareKnob AdcBits(IReadOnlyList<double> values) => new("ADC bits", "ADC resolution b_adc (bits)",
        values,
        (c, v) => c with { Hardware = c.Hardware with { AdcBits = (int)v } })
    { Label = v => $"ADC {v:0} b" };

    public static HardwareKnob AdcNoise(IReadOnlyList<double> values) => new("ADC noise",
        "ADC noise σ_adc (LSB, Gaussian, fresh per conversion)", values,
        (c, v) => c with { Hardware = c.Hardware with { AdcNoiseLsb = v } })
    { Label = v => $"noise {v:0.##} LSB", ChangesEnergy = false };

    public static HardwareKnob Rows(IReadOnlyList<double> values) => new("crossbar rows",
        "crossbar rows R (a layer's rows split into ⌈rows / R⌉ tiles)", values,
        (c, v) => c with { Hardware = c.Hardware with { Rows = (int)v } }, LogAxis: true)
    { Label = v => $"{v:0} rows" };

    /// <summary>The four knobs with the values the profile affords (quick: fewer values per knob).</summary>
    public static IReadOnlyList<HardwareKnob> For(ExperimentProfile profile) =>
        profile.Name == ExperimentProfile.Quick.Name
        ? [BitsPerCell([1, 2, 4]), AdcBits([4, 6, 8]), AdcNoise([0, 2]), Rows([64, 128, 256])]
        : [BitsPerCell([1, 2, 4, 7]), AdcBits([4, 5, 6, 8]), AdcNoise([0, 1, 2]), Rows([64, 128, 256])];

    /// <summary>
    /// The baseline and, for every knob, the configurations at its smallest and largest value that differ from the
    /// baseline, labelled: the settings worth comparing layer by layer.
    /// </summary>
    public static IReadOnlyList<(string Label, CrossbarConfig Config)> Extremes(CrossbarConfig baseline,
        IEnumerable<HardwareKnob> knobs, string baselineLabel = "baseline")
    {
        string reference = JsonFormat.Serialize(baseline);
        var settings = new List<(string, CrossbarConfig)> { (baselineLabel, baseline) };
        foreach (var knob in knobs)
            foreach (double value in new[] { knob.Values.Min(), knob.Values.Max() }.Distinct())
            {
                var config = knob.Apply(baseline, value);
                if (JsonFormat.Serialize(config) != reference) settings.Add((knob.Label(value), config));
            }
        return settings;
    }
}
