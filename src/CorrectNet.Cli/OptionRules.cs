using System.CommandLine;
using System.Globalization;
using CorrectNet.Crossbar;

namespace CorrectNet.Cli;

/// <summary>
/// Range checks attached to options, so a bad value is refused while parsing: the message names the option the user
/// typed and the allowed range, before any data is loaded or any work starts.
/// </summary>
internal static class OptionRules
{
    /// <summary>Largest σ the CLI accepts: <see cref="DeviceVariation.MaxSigma"/>, where the reason is.</summary>
    public const double MaxSigma = DeviceVariation.MaxSigma;

    public static Option<int> AtLeast(this Option<int> option, int minimum) =>
        option.Require(v => v >= minimum, $"must be at least {minimum}");

    public static Option<int?> AtLeast(this Option<int?> option, int minimum) =>
        option.Require(v => v is null || v >= minimum, $"must be at least {minimum} when given");

    public static Option<long> AtLeast(this Option<long> option, long minimum) =>
        option.Require(v => v >= minimum, $"must be at least {minimum}");

    /// <summary>A finite number ≥ 0 (NaN fails every comparison, so it is refused too).</summary>
    public static Option<double> NonNegative(this Option<double> option) =>
        option.Require(v => v >= 0 && double.IsFinite(v), "must be a finite number ≥ 0");

    public static Option<double?> NonNegative(this Option<double?> option) =>
        option.Require(v => v is null || (v >= 0 && double.IsFinite(v.Value)),
            "must be a finite number ≥ 0 when given");

    public static Option<double> Positive(this Option<double> option) =>
        option.Require(v => v > 0 && double.IsFinite(v), "must be a finite number > 0");

    /// <summary>minimum ≤ value ≤ maximum (or &lt; maximum when <paramref name="openAbove"/>).</summary>
    public static Option<double> Within(this Option<double> option, double minimum, double maximum,
        bool openAbove = false, string? why = null) =>
        option.Require(v => v >= minimum && (openAbove ? v < maximum : v <= maximum),
            $"must be in [{Show(minimum)}, {Show(maximum)}{(openAbove ? ")" : "]")}{(why is null ? "" : $" ({why})")}");

    /// <summary>σ of a device variation: 0 ≤ σ ≤ <see cref="MaxSigma"/>, with the reason for the bound.</summary>
    public static Option<double> Sigma(this Option<double> option) =>
        option.Within(0, MaxSigma, why: "a larger σ overflows float32: e^(σz) exceeds 3.4e38 once σz > 88.7, " +
                                        "and the layers' products of such conductances overflow far earlier");

    private static Option<T> Require<T>(this Option<T> option, Func<T, bool> accept, string rule)
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // A token that does not convert ("--sigma abc") gets the parser's own error; no value to judge.
                return;
            }
            // The value as typed ("1e9"), not as reformatted ("1000000000"): the user finds it in their command.
            string shown = result.Tokens.Count > 0 ? string.Join(' ', result.Tokens.Select(t => t.Value)) : Show(value);
            if (!accept(value)) result.AddError($"{option.Name} {shown}: {rule}.");
        });
        return option;
    }

    private static string Show<T>(T value) => value switch
    {
        null => "(none)",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
