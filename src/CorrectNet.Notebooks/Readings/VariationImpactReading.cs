using System.Globalization;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Results;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 01 (claim C1), computed from the run so that no measured number is typed into prose.
/// Accuracies are fractions in [0, 1] and are printed in % with one decimal; σ is the lognormal σ of docs/method.md F8.
/// </summary>
public static class VariationImpactReading
{
    /// <summary>Accuracy of guessing among the ten classes of Fashion-MNIST (fraction).</summary>
    public const double Guessing = 0.10;

    /// <summary>The lowest accuracy the paper reports under variation (claim C1), as a fraction.</summary>
    public const double PaperLowest = 0.0169;

    /// <summary>
    /// A mean at or below this is read as "at guessing level" [ours]: 2 points above <see cref="Guessing"/> allow for
    /// the spread of a few chips around chance.
    /// </summary>
    public const double NearGuessing = 0.12;

    /// <summary>
    /// The three parts of C1, each with its verdict: sharp degradation (both keep less than half of their clean
    /// accuracy at the highest σ), the deeper network suffers more (it loses half at a smaller σ and keeps a smaller
    /// share at the highest σ), and the paper's 1.69% (lowest mean and worst chip at the highest σ).
    /// </summary>
    public static IReadOnlyList<string> Claims(IReadOnlyList<VariationSummary> summaries, string shallow, string deep)
    {
        var s = summaries.FirstOrDefault(x => x.Series == shallow);
        var d = summaries.FirstOrDefault(x => x.Series == deep);
        if (s is null || d is null)
            return [$"C1 cannot be checked: {(s is null ? shallow : deep)} is not in this run (diverged or left out)."];

        bool sharp = s.MeanAtHighestSigma < 0.5 * s.CleanAccuracy && d.MeanAtHighestSigma < 0.5 * d.CleanAccuracy;
        bool earlier = (d.SigmaAtHalfRetained ?? double.MaxValue) < (s.SigmaAtHalfRetained ?? double.MaxValue);
        bool lower = Retained(d) < Retained(s);
        double lowestMean = Math.Min(s.MeanAtHighestSigma, d.MeanAtHighestSigma);
        double worstChip = Math.Min(s.WorstChipAtHighestSigma, d.WorstChipAtHighestSigma);
        return
        [
            $"Sharp degradation {Verdict(sharp)}: at σ = {Sigma(s.HighestSigma)} {shallow} keeps " +
            $"{Pct(s.MeanAtHighestSigma)} of {Pct(s.CleanAccuracy)}, {deep} {Pct(d.MeanAtHighestSigma)} of " +
            $"{Pct(d.CleanAccuracy)}.",
            $"The deeper network suffers more: {Verdict(earlier && lower)}. Half of the accuracy is lost at " +
            $"{At(d.SigmaAtHalfRetained, d)} by {deep} and at {At(s.SigmaAtHalfRetained, s)} by {shallow}; " +
            $"10% at {At(d.SigmaAt90PercentRetained, d)} and {At(s.SigmaAt90PercentRetained, s)} " +
            $"({FirstToLoseTenPercent(s, d)}); retained at the highest σ: {Pct(Retained(d))} against " +
            $"{Pct(Retained(s))}.",
            $"As low as 1.69%: the lowest mean at σ = {Sigma(s.HighestSigma)} is {Pct(lowestMean)} " +
            $"({(lowestMean <= Guessing ? "at or below" : "above")} the {Pct(Guessing)} of guessing); " +
            $"the worst single chip gets {Pct(worstChip)}, so " +
            $"{(worstChip <= PaperLowest ? "a chip reaches" : "no chip reaches")} " +
            $"the paper's {Pct(PaperLowest, "F2")}.",
        ];
    }

    /// <summary>
    /// One line per network of the σ sweep (clean accuracy, mean at the middle and at the highest σ of the grid, worst
    /// chip, where 10% and half are lost, from which σ on the mean stays at guessing level), then one line per
    /// error-amplification curve (docs/method.md F26: e after the first analog layer, its peak, after the last layer).
    /// </summary>
    public static IReadOnlyList<string> Details(
        IReadOnlyList<CurvePoint> sweep, IReadOnlyDictionary<string, IReadOnlyList<LayerError>> curves)
    {
        var lines = new List<string>();
        var summaries = VariationSummary.Of(sweep);
        foreach (var series in sweep.GroupBy(p => p.Series))
        {
            var ordered = series.OrderBy(p => p.X).ToArray();
            var summary = summaries.Single(x => x.Series == series.Key);
            var highest = ordered[^1];
            // The grid point nearest to half the highest σ, if it is neither end of the grid.
            var middle = ordered.OrderBy(p => Math.Abs(p.X - highest.X / 2)).First();
            string atMiddle = middle != highest && middle != ordered[0]
                ? $"{Pct(middle.Result.Mean)} at σ = {Sigma(middle.X)} and " : "";
            lines.Add($"{series.Key}: {Pct(summary.CleanAccuracy)} without variation; mean {atMiddle}" +
                      $"{Pct(highest.Result.Mean)} at σ = {Sigma(highest.X)} over {highest.Result.Chips} chips " +
                      $"(worst chip {Pct(highest.Result.Min)}); loses 10% of its accuracy at " +
                      $"{At(summary.SigmaAt90PercentRetained, summary)}, " +
                      $"half at {At(summary.SigmaAtHalfRetained, summary)}; " +
                      GuessingFrom(ordered) + ".");
        }
        foreach (var (name, curve) in curves)
            lines.Add($"{name}: {Amplification(curve)}.");
        return lines;
    }

    /// <summary>How the relative feature error e grows along one curve, and the layer where it first exceeds 1.
    /// </summary>
    public static string Amplification(IReadOnlyList<LayerError> curve)
    {
        if (curve.Count == 0) return "no analog layer";
        var first = curve[0];
        var last = curve[^1];
        var peak = curve.MaxBy(e => e.RelativeError)!;
        string Growth(LayerError e) => first.RelativeError > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{e.RelativeError / first.RelativeError:F1}×") : "n/a";
        var above = curve.FirstOrDefault(e => e.RelativeError > 1);
        string peakPart = peak.Depth == last.Depth ? "" : string.Create(CultureInfo.InvariantCulture,
            $"peak {peak.RelativeError:F2} after layer {peak.Depth} ({peak.Layer}, {Growth(peak)}), ");
        string lastIsPeak = peakPart.Length == 0 ? ", the peak" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"e = {first.RelativeError:F2} after layer 1 ({first.Layer}), {peakPart}{last.RelativeError:F2} after " +
            $"the last, layer {last.Depth} ({last.Layer}, {Growth(last)}{lastIsPeak}); ") +
            (above is null
                ? "the error stays smaller than the signal (e ≤ 1) throughout"
                : $"the error is larger than the signal (e > 1) from layer {above.Depth} ({above.Layer}) on");
    }

    private static double Retained(VariationSummary s) => s.MeanAtHighestSigma / s.CleanAccuracy;

    private static string FirstToLoseTenPercent(VariationSummary s, VariationSummary d)
    {
        double shallow = s.SigmaAt90PercentRetained ?? double.MaxValue;
        double deep = d.SigmaAt90PercentRetained ?? double.MaxValue;
        // Closer than 0.05 in σ (half a step of the default grid) counts as together [ours].
        if (Math.Abs(shallow - deep) < 0.05) return "about together";
        return deep < shallow ? $"{d.Series} first" : $"{s.Series} first";
    }

    /// <summary>"at guessing level from σ = x on": from x on, every mean is at most <see cref="NearGuessing"/>.
    /// </summary>
    private static string GuessingFrom(CurvePoint[] ordered)
    {
        int from = ordered.Length;
        while (from > 0 && ordered[from - 1].Result.Mean <= NearGuessing) from--;
        return from == ordered.Length
            ? $"above guessing level (> {Pct(NearGuessing)}) at every σ"
            : $"at guessing level (≤ {Pct(NearGuessing)}) from σ = {Sigma(ordered[from].X)} on";
    }

    private static string At(double? sigma, VariationSummary s) => sigma is { } x
        ? string.Create(CultureInfo.InvariantCulture, $"σ ≈ {x:F2}")
        : $"no σ up to {Sigma(s.HighestSigma)}";

    private static string Verdict(bool holds) => holds ? "holds" : "does not hold";

    private static string Sigma(double sigma) => sigma.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Pct(double fraction, string format = "F1") =>
        (100 * fraction).ToString(format, CultureInfo.InvariantCulture) + "%";
}
