using static System.FormattableString;

namespace CorrectNet.Notebooks;

/// <summary>
/// Number formats shared by the readings, culture-invariant so a reading reads the same on every machine:
/// accuracies (fractions) as percent, differences of accuracy as points, ADC energy (pJ) in nJ or µJ.
/// </summary>
internal static class ReadingFormat
{
    /// <summary>
    /// Tolerance for comparing accuracies (fractions): they are multiples of 1 / images, so a bound can be met
    /// exactly, and a difference of two must not miss it by rounding.
    /// </summary>
    public const double Epsilon = 1e-9;

    /// <summary>A fraction in [0, 1] as "48.6%".</summary>
    public static string Percent(double fraction) => Invariant($"{100 * fraction:F1}%");

    /// <summary>A difference of two fractions as percentage points, "4.2".</summary>
    public static string Points(double fraction) => Invariant($"{100 * fraction:F1}");

    /// <summary>Energy given in pJ, shown in nJ below 1 µJ and in µJ above, about three significant digits.</summary>
    public static string Energy(double picojoules) => picojoules >= 1e6
        ? $"{Short(picojoules / 1e6)} µJ"
        : $"{Short(picojoules / 1e3)} nJ";

    /// <summary>A ratio as "×2.00".</summary>
    public static string Factor(double ratio) => Invariant($"×{ratio:F2}");

    /// <summary>Three significant digits without an exponent: 2142, 43.6, 0.35.</summary>
    private static string Short(double value) => Math.Abs(value) switch
    {
        >= 100 => Invariant($"{value:F0}"),
        >= 10 => Invariant($"{value:F1}"),
        _ => Invariant($"{value:0.##}"),
    };

    /// <summary>A number as C# prints it in invariant culture (σ, LSB, bits).</summary>
    public static string Number(double value) => Invariant($"{value}");
}
