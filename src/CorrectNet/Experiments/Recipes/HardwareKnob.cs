using CorrectNet.Crossbar;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// One knob of the crossbar hardware swept on its own: its values, and how a value changes a configuration (a
/// <c>with</c> on <see cref="CrossbarConfig.Hardware"/>). <see cref="Axis"/> names the value and its unit for a figure;
/// <see cref="LogAxis"/> marks knobs whose values double.
/// </summary>
public sealed record HardwareKnob(string Name, string Axis, IReadOnlyList<double> Values, Func<CrossbarConfig, double,
    CrossbarConfig> Apply, bool LogAxis = false)
{
    /// <summary>Whether the knob changes the ADC energy model's inputs (conversions or bits); ADC noise does
    /// not.</summary>
    public bool ChangesEnergy { get; init; } = true;

    /// <summary>A short label of one value, e.g. "ADC 6 b".</summary>
    public Func<double, string> Label { get; init; } = v => $"{v:0.###}";

    /// <summary>The sweep settings of this knob around <paramref name="baseline"/> for the curve <paramref
    /// name="series"/>.</summary>
    public IEnumerable<CurveSetting> Settings(CrossbarConfig baseline, string series) =>
        Values.Select(v => new CurveSetting(series, Label(v), v, Apply(baseline, v)));
}
