using System.Globalization;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 02 (claim C2), computed from the run so that no measured number is typed into prose.
/// Accuracies are fractions in [0, 1], printed in % with one decimal; differences are in percentage points.
/// Series of the σ sweep and curves are named <see cref="Series"/>(network, method), methods from
/// <see cref="SuppressionMethods"/>.
/// </summary>
public static class SuppressionReading
{
    /// <summary>"Markedly more" [ours]: enhanced keeps at least this many points more than plain training.</summary>
    public const double MinGainPoints = 5;

    /// <summary>"A small cost" [ours]: the enhanced method loses at most this many points of clean accuracy.</summary>
    public const double MaxCleanCostPoints = 2;

    /// <summary>The name of one network's method in the notebook's sweep and curves.</summary>
    public static string Series(string network, string method) => $"{network}, {method}";

    /// <summary>Every reading of the notebook: per network the comparison, the variation-aware methods, the error
    /// curves; then the β trade-off of the first network.</summary>
    public static IReadOnlyList<string> Of(
        IReadOnlyList<CurvePoint> sweep,
        IReadOnlyList<string> networks,
        IReadOnlyDictionary<string, IReadOnlyList<LayerError>> curves,
        double designSigma,
        IReadOnlyList<(double Beta, double Clean, double UnderVariation)> tradeOff)
    {
        var lines = new List<string>();
        foreach (string network in networks)
        {
            lines.AddRange(Comparison(sweep, network));
            lines.Add(VariationAware(sweep, network, designSigma));
            lines.Add(Amplification(curves, network, designSigma));
        }
        if (networks.Count > 0) lines.Add(BetaTradeOff(tradeOff, sweep, networks[0], designSigma));
        return lines;
    }

    /// <summary>
    /// The C2 comparison of one network at the first σ of the grid where plain training keeps less than half of its
    /// clean accuracy (the highest σ if there is none): every method's mean there and its clean accuracy, and the
    /// verdict: C2 holds when enhanced keeps at least <see cref="MinGainPoints"/> more than plain there and loses at
    /// most <see cref="MaxCleanCostPoints"/> of clean accuracy.
    /// </summary>
    public static IReadOnlyList<string> Comparison(IReadOnlyList<CurvePoint> sweep, string network)
    {
        var plain = Points(sweep, network, SuppressionMethods.Plain);
        var enhanced = Points(sweep, network, SuppressionMethods.Enhanced);
        if (plain.Length == 0 || enhanced.Length == 0)
            return [$"C2 cannot be read for {network}: its {(plain.Length == 0 ? "plain" : "enhanced")} training is " +
                    "not in this run (diverged or left out)."];

        double clean = plain[0].Result.CleanAccuracy;
        var below = plain.FirstOrDefault(p => p.Result.Mean < 0.5 * clean);
        double sigma = (below ?? plain[^1]).X;
        string where = below is null
            ? $"Plain training keeps at least half of its {Percent(clean)} at every σ; compared at the highest, " +
              $"σ = {Sigma(sigma)}"
            : $"Plain training first keeps less than half of its {Percent(clean)} at σ = {Sigma(sigma)}";
        var at = new List<string>();
        var cleanOf = new List<string>();
        foreach (string method in SuppressionMethods.All)
        {
            var points = Points(sweep, network, method);
            if (points.Length == 0) { at.Add($"{method} n/a (left out)"); continue; }
            double mean = MeanAt(points, sigma);
            string versus = method == SuppressionMethods.Plain ? "" : $" ({Points(mean - MeanAt(plain, sigma))})";
            at.Add($"{method} {Percent(mean)}{versus}");
            string change = method == SuppressionMethods.Plain
                ? "" : $" ({Points(points[0].Result.CleanAccuracy - clean)})";
            cleanOf.Add($"{method} {Percent(points[0].Result.CleanAccuracy)}{change}");
        }

        double gain = MeanAt(enhanced, sigma) - MeanAt(plain, sigma);
        double cost = clean - enhanced[0].Result.CleanAccuracy;
        var misses = new List<string>();
        if (100 * gain < MinGainPoints) misses.Add($"less than +{Num(MinGainPoints)} points under variation");
        if (100 * cost > MaxCleanCostPoints) misses.Add($"more than {Num(MaxCleanCostPoints)} points lost without it");
        string verdict = misses.Count == 0
            ? $"C2 holds for {network}"
            : $"C2 does not hold for {network} ({string.Join(" and ", misses)})";
        return
        [
            $"{network}. {where}: {string.Join(", ", at)}.",
            $"{network}, without variation: {string.Join(", ", cleanOf)}.",
            $"{verdict}: enhanced keeps {Percent(MeanAt(enhanced, sigma))} at σ = {Sigma(sigma)} against " +
            $"{Percent(MeanAt(plain, sigma))} for plain ({Points(gain)}; needs ≥ +{Num(MinGainPoints)}) and " +
            $"{(cost >= 0 ? "loses" : "gains")} {Magnitude(cost)} points without variation " +
            $"(allowed: a loss ≤ {Num(MaxCleanCostPoints)}).",
        ];
    }

    /// <summary>Variation-aware training, alone and with the penalty, at the design σ and without variation,
    /// against plain training and the penalty alone.</summary>
    public static string VariationAware(IReadOnlyList<CurvePoint> sweep, string network, double designSigma)
    {
        var plain = Points(sweep, network, SuppressionMethods.Plain);
        var enhanced = Points(sweep, network, SuppressionMethods.Enhanced);
        var parts = new List<string>();
        string[] methods = [SuppressionMethods.VariationAware, SuppressionMethods.EnhancedVariationAware];
        foreach (string method in methods)
        {
            var points = Points(sweep, network, method);
            if (points.Length == 0) { parts.Add($"{method}: left out"); continue; }
            string part = $"{method}: {Percent(MeanAt(points, designSigma))} at σ = {Sigma(designSigma)}";
            if (enhanced.Length > 0)
                part += $" ({Points(MeanAt(points, designSigma) - MeanAt(enhanced, designSigma))} against enhanced)";
            part += $", {Percent(points[0].Result.CleanAccuracy)} without variation";
            if (plain.Length > 0)
                part += $" ({Points(points[0].Result.CleanAccuracy - plain[0].Result.CleanAccuracy)} against plain)";
            parts.Add(part);
        }
        return $"{network}, trained on chips at the design σ: {string.Join("; ", parts)}.";
    }

    /// <summary>How the relative feature error (docs/method.md F26) grows from the first analog layer to the output,
    /// for each method with a curve.</summary>
    public static string Amplification(
        IReadOnlyDictionary<string, IReadOnlyList<LayerError>> curves, string network, double designSigma)
    {
        var parts = new List<string>();
        foreach (string method in SuppressionMethods.All)
        {
            if (!curves.TryGetValue(Series(network, method), out var curve) || curve.Count == 0) continue;
            double first = curve[0].RelativeError, last = curve[^1].RelativeError;
            string growth = first > 0 ? Invariant($"{last / first:F1}×") : "n/a";
            parts.Add(Invariant($"{method} {growth} ({first:F2} → {last:F2})"));
        }
        return parts.Count == 0
            ? $"{network}: no error-amplification curve."
            : $"{network}, relative feature error at σ = {Sigma(designSigma)} from the first analog layer to the " +
              $"output: {string.Join(", ", parts)}.";
    }

    /// <summary>The β trade-off of the enhanced method on <paramref name="network"/>: clean accuracy (and its cost
    /// against plain training when the sweep has it) and accuracy at the design σ, per β.</summary>
    public static string BetaTradeOff(
        IReadOnlyList<(double Beta, double Clean, double UnderVariation)> tradeOff,
        IReadOnlyList<CurvePoint> sweep, string network, double designSigma)
    {
        if (tradeOff.Count == 0) return $"β trade-off ({network}): every training diverged.";
        var plain = Points(sweep, network, SuppressionMethods.Plain);
        var parts = tradeOff.OrderBy(t => t.Beta).Select(t =>
            Invariant($"β = {t.Beta:G3}: ") + $"{Percent(t.Clean)} clean" +
            (plain.Length > 0 ? $" ({Points(t.Clean - plain[0].Result.CleanAccuracy)} against plain)" : "") +
            $", {Percent(t.UnderVariation)} at σ = {Sigma(designSigma)}");
        return $"β trade-off ({network}, enhanced): {string.Join("; ", parts)}.";
    }

    private static CurvePoint[] Points(IReadOnlyList<CurvePoint> sweep, string network, string method) =>
        sweep.Where(p => p.Series == Series(network, method)).OrderBy(p => p.X).ToArray();

    /// <summary>Mean at the grid point nearest to σ (the sweeps of one notebook share their grid).</summary>
    private static double MeanAt(CurvePoint[] points, double sigma) => VariationSummary.MeanAt(points, sigma);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string Sigma(double sigma) => sigma.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The size of a difference of two fractions in percentage points, unsigned, e.g. "0.4".</summary>
    private static string Magnitude(double difference) =>
        (100 * Math.Abs(difference)).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>A difference of two fractions in signed percentage points, e.g. "+12.6 points".</summary>
    private static string Points(double difference) =>
        (100 * difference).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " points";
}
