using System.Globalization;
using CorrectNet.Evaluation;

namespace CorrectNet.Notebooks;

/// <summary>
/// Number formats and the paired before/after verdict shared by the notebook readings: accuracies (fractions) as
/// percent, differences of accuracy as points, ADC energy (pJ) in nJ or µJ. Invariant culture, so a reading prints
/// the same on every machine (and its tests do not depend on the test runner's culture).
/// </summary>
internal static class ReadingFormat
{
    /// <summary>C5's "negligible", read as at most this % of extra parameters and of extra MACs (method.md F29).
    /// </summary>
    public const double NegligiblePercent = 5;

    /// <summary>
    /// Tolerance for comparing accuracies (fractions): they are multiples of 1 / images, so a bound can be met
    /// exactly, and a difference of two must not miss it by rounding.
    /// </summary>
    public const double Epsilon = 1e-9;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A lognormal σ (F8) as "σ = 1.0", "σ = 0.25".</summary>
    public static string Sigma(double sigma) => Invariant($"σ = {sigma:0.0##}");

    /// <summary>An accuracy fraction in [0, 1] as "41.3%".</summary>
    public static string Percent(double fraction) => Invariant($"{100 * fraction:F1}%");

    /// <summary>A difference of accuracy fractions in signed percentage points: "+6.1 points", "−2.0 points".</summary>
    public static string Points(double fraction) => Invariant($"{100 * fraction:+0.0;−0.0;0.0} points");

    /// <summary>A difference of accuracy fractions as unsigned-style percentage points: "4.2 points".</summary>
    public static string PointsApart(double fraction) => Invariant($"{100 * fraction:F1} points");

    /// <summary>Energy given in pJ, shown in nJ below 1 µJ and in µJ above, about three significant digits.</summary>
    public static string Energy(double picojoules) => picojoules >= 1e6
        ? $"{Short(picojoules / 1e6)} µJ"
        : $"{Short(picojoules / 1e3)} nJ";

    /// <summary>A ratio as "×2.00".</summary>
    public static string Factor(double ratio) => Invariant($"×{ratio:F2}");

    /// <summary>A number as C# prints it in invariant culture (σ, LSB, bits).</summary>
    public static string Number(double value) => Invariant($"{value}");

    /// <summary>Three significant digits without an exponent: 2142, 43.6, 0.35.</summary>
    private static string Short(double value) => Math.Abs(value) switch
    {
        >= 100 => Invariant($"{value:F0}"),
        >= 10 => Invariant($"{value:F1}"),
        _ => Invariant($"{value:0.##}"),
    };

    /// <summary>An overhead already in % of the base network, "+2.96%".</summary>
    public static string Overhead(double percent) => Invariant($"+{percent:F2}%");

    /// <summary>Whether both overheads (in %) are within C5's "negligible".</summary>
    public static string Negligible(double parametersPercent, double macsPercent) =>
        parametersPercent <= NegligiblePercent && macsPercent <= NegligiblePercent
            ? Invariant($"within C5's negligible (≤ {NegligiblePercent:0}% of each)")
            : Invariant($"above C5's negligible (≤ {NegligiblePercent:0}% of each)");

    /// <summary>
    /// The paired gain of <paramref name="after"/> over <paramref name="before"/> on the same chips: mean of the
    /// per-chip differences and its 95% Student-t interval (F36), in accuracy fractions.
    /// </summary>
    public static (double Mean, double Low, double High, int Chips) PairedGain(
        MonteCarloResult before, MonteCarloResult after)
    {
        if (before.Chips != after.Chips)
            throw new ArgumentException($"{before.Chips} chips before, {after.Chips} after: unpaired.", nameof(after));
        var differences = after.ChipAccuracies.Select((a, k) => a - before.ChipAccuracies[k]).ToList();
        var (low, high) = ConfidenceInterval.Of(differences);
        return (differences.Average(), low, high, differences.Count);
    }

    /// <summary>
    /// "raised" when the paired gain's 95% CI lies above 0, "lowered" when below, else "no clear change"; one chip
    /// has no interval, so it gives no verdict either.
    /// </summary>
    public static string Verdict((double Mean, double Low, double High, int Chips) gain) =>
        gain.Chips < 2 ? "no clear change (one chip)"
        : gain.Low > 0 ? "raised"
        : gain.High < 0 ? "lowered"
        : "no clear change";

    /// <summary>The paired gain as "+6.1 points (95% CI +2.0 to +10.2)".</summary>
    public static string Gain((double Mean, double Low, double High, int Chips) gain) =>
        gain.Chips < 2
            ? Points(gain.Mean)
            : Invariant($"{Points(gain.Mean)} (95% CI {Signed(gain.Low)} to {Signed(gain.High)})");

    private static string Signed(double fraction) => Invariant($"{100 * fraction:+0.0;−0.0;0.0}");
}
