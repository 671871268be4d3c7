using System.Globalization;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using CorrectNet.Placement;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The prose of notebook 07, computed from this run (<see cref="HeadlineFacts"/>) instead of typed in: which claims
/// hold, what limits the recovery, the variation-aware baseline, the time. Accuracies print in % with one decimal,
/// differences of accuracies in points, σ with up to three decimals, all in the invariant culture. Thresholds are the
/// paper's, as docs/method.md F37 reads them: C3 at 95% of clean, C4 at 55% less ADC energy, C5 at 5%.
/// </summary>
public static class HeadlineReading
{
    private const double RecoveryTarget = 0.95; // C3: the pipeline keeps > 95% of the clean accuracy (fraction)
    private const double AdcTargetPct = 55;     // C4: ≥ 55% less ADC energy, in %
    private const double OverheadCapPct = 5;    // C5: units add ≤ 5% parameters and ≤ 5% MACs, in %

    /// <summary>Section 5: per network, the recovery in one line, the reach on the curves, and C1–C5 with verdicts.
    /// </summary>
    public static IReadOnlyList<string> Claims(IEnumerable<HeadlineFacts> networks)
    {
        var lines = new List<string>();
        foreach (var f in networks)
        {
            double plain = Ratio(f, PipelineMethods.Plain), recovery = Ratio(f, PipelineMethods.Pipeline);
            double gap = recovery - RecoveryTarget;
            string versus = gap >= 0 ? $"{Points(gap)} above" : $"{Points(-gap)} short of";
            string units = f.Overhead is { } o
                ? Invariant($"+{o.ParametersPercent:F2}% parameters, +{o.MacsPercent:F2}% MACs")
                : "none";
            string meets = f.ClaimReductionPct >= AdcTargetPct ? "meets" : "misses";
            lines.Add($"{f.Network}: at σ = {Sigma(f.Sigma)} plain training keeps {Percent(plain)} of the clean " +
                      $"{Percent(f.CleanAccuracy)}, the pipeline {Percent(recovery)} ({versus} the paper's 95%); " +
                      Invariant($"ADC power -{f.ClaimReductionPct:F1}% {Against(f)} ({meets} the paper's 55%); ") +
                      $"units: {units}.");
            if (f.CurveReference is { } reference)
            {
                string[] shown = [PipelineMethods.Pipeline, PipelineMethods.Plain, PipelineMethods.Suppression,
                    PipelineMethods.Compensation];
                string reach = string.Join(", ", shown.Select(m => $"{m} {ReachText(f, m)}"));
                lines.Add($"  on the curves, 95% of the variation-free {Percent(reference)} holds: {reach}");
            }
            foreach (var c in f.Claims)
                lines.Add($"  {c.Claim} {(c.Holds ? "holds" : "does not hold")}: {c.Measured}");
        }
        return lines;
    }

    /// <summary>
    /// The reading: which claims hold and which do not over all networks, then per network what limits the recovery
    /// (C3's confidence interval, C4 on both sets of chips, C5's placement, the size of σ, the units away from their
    /// σ, the reach, which method leads on the curves, chip-to-chip spread), the variation-aware baseline, the time.
    /// </summary>
    public static IReadOnlyList<string> Reading(IReadOnlyList<HeadlineFacts> networks)
    {
        var lines = new List<string>();
        var claims = networks.SelectMany(f => f.Claims).ToList();
        string Verdict(bool holds) => string.Join(", ", claims
            .Where(c => c.Holds == holds)
            .GroupBy(c => c.Claim)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(c => c.Network))})"));
        string holding = Verdict(true), failing = Verdict(false);
        lines.Add($"What holds: {(holding.Length > 0 ? holding : "no claim on any network")}.");
        lines.Add($"What does not: {(failing.Length > 0 ? failing : "nothing; every claim holds on every network")}.");
        foreach (var f in networks)
        {
            lines.Add("");
            string stop = f.ProfileHighestSigma is { } h
                ? $", below the profile's highest σ = {Sigma(h)}: ExperimentProfile.MonteCarlo.HighestSigmaByModel " +
                  "stops it where not every method measured is at chance (docs/method.md F37)"
                : "";
            lines.Add($"{f.Network} at σ = {Sigma(f.Sigma)}{stop}:");
            if (FirstStageLine(f) is { } firstStage) lines.Add("  " + firstStage);
            lines.Add("  " + RecoveryLine(f));
            lines.Add("  " + AdcLine(f));
            lines.Add("  " + UnitsLine(f));
            lines.Add("  " + SigmaLine(f));
            lines.AddRange(CurveLines(f).Select(l => "  " + l));
            lines.Add("  " + SpreadLine(f));
            lines.Add("  " + VariationAwareLine(f));
            lines.Add("  " + TimeLine(f));
        }
        if (networks.Count > 1)
            lines.Add(Invariant($"This notebook's pipeline calls took {networks.Sum(f => f.Seconds):F0} s in all."));
        return lines;
    }

    /// <summary>Which training stage 1 chose, and its candidates' accuracy on the validation chips; null when there was
    /// no choice.</summary>
    private static string? FirstStageLine(HeadlineFacts f)
    {
        if (f.FirstStage is not { } choice || choice.Chosen.Validation is null) return null;
        var chosen = choice.Chosen;
        string others = string.Join(", ", choice.Candidates.Where(c => c != chosen)
            .Select(c => c.Validation is { } v ? $"{c.Method} {Percent(v.Mean)}" : $"{c.Method}: training diverged"));
        return $"Stage 1: {chosen.Method}, chosen on {chosen.Validation!.Chips} validation chips at σ = " +
               $"{Sigma(f.Sigma)} on the reference setting ({Percent(chosen.Validation.Mean)}; {others}).";
    }

    /// <summary>C3: the recovery ratio, the CI of the pipeline's mean as a fraction of clean, and what it decides.
    /// </summary>
    private static string RecoveryLine(HeadlineFacts f)
    {
        var pipeline = Result(f, PipelineMethods.Pipeline);
        var (low, high) = pipeline.Ci95;
        double ratio = Ratio(f, PipelineMethods.Pipeline), lowRatio = Share(low, f), highRatio = Share(high, f);
        string verdict = highRatio < RecoveryTarget
            ? $"the whole interval is below 95%: {Points(RecoveryTarget - ratio)} short at the mean"
            : lowRatio > RecoveryTarget ? "the whole interval is above 95%"
            : $"the interval contains 95%: {pipeline.Chips} chips do not decide C3";
        return $"C3: the pipeline keeps {Percent(pipeline.Mean)} of the clean {Percent(f.CleanAccuracy)} = " +
               $"{Percent(ratio)} (95% CI of the mean {Percent(low)}–{Percent(high)} = " +
               $"{Percent(lowRatio)}–{Percent(highRatio)} of clean); {verdict}.";
    }

    /// <summary>What C4's saving is measured against, in a few words.</summary>
    private static string Against(HeadlineFacts f) =>
        f.AdcReductionVsUniformPct is null ? "vs the lossless reference" : "vs the cheapest uniform ADC";

    /// <summary>C4: the saving against 55%, the loss on the study's chips against δ, and the same at the evaluation σ.
    /// </summary>
    private static string AdcLine(HeadlineFacts f)
    {
        string meets = f.ClaimReductionPct >= AdcTargetPct ? "meets" : "misses";
        string change = f.QuantizationLoss < 0
            ? $"gains {Points(-f.QuantizationLoss, 2)}"
            : $"loses {Points(f.QuantizationLoss, 2)}";
        string within = f.QuantizationLoss <= f.MaxDrop ? "within" : "beyond";
        double atSigma = Result(f, PipelineMethods.SuppressionQuantization).Mean
                         - Result(f, PipelineMethods.Suppression).Mean;
        string saving = f.AdcReductionVsUniformPct is { } uniform
            ? Invariant($"{uniform:F1}% less ADC energy than the cheapest uniform setting within δ ") +
              Invariant($"({f.AdcPowerReductionPct:F1}% less than the lossless reference)")
            : Invariant($"{f.AdcPowerReductionPct:F1}% less ADC energy than the reference");
        return $"C4: the chosen setting spends {saving} ({meets} the paper's 55%) and {change} on the " +
               $"quantization study's unseen chips at σ = " +
               Invariant($"{Sigma(f.QuantizationSigma)} ({within} δ = {100 * f.MaxDrop:0.##} point(s)); ") +
               $"at σ = {Sigma(f.Sigma)}, suppression + quantization against suppression alone: " +
               $"{SignedPoints(atSigma)}.";
    }

    /// <summary>C5: where the placement put units, their cost, and why an over-budget placement can win (F31).
    /// </summary>
    private static string UnitsLine(HeadlineFacts f)
    {
        string who = f.Placement == PlacementSearchNames.Rl
            ? Invariant($"at α = {f.Alpha} the agent's best placement")
            : Invariant($"the best placement of the '{f.Placement}' search (α = {f.Alpha})");
        if (f.Overhead is not { } o || f.PlacedLayers.Count == 0) return $"C5: {who} has no units.";
        bool within = o.ParametersPercent <= OverheadCapPct && o.MacsPercent <= OverheadCapPct;
        string why = within
            ? "within C5's 5%"
            : "over C5's 5%: the reward (docs/method.md F31) prices the overhead but does not cap it";
        return $"C5: {who} puts {o.Units} unit(s) on {string.Join(", ", f.PlacedLayers)}: " +
               Invariant($"+{o.ParametersPercent:F2}% parameters, +{o.MacsPercent:F2}% MACs, {why}.");
    }

    /// <summary>How large σ is: the device factor e^θ at θ = ±σ and its mean e^(σ²/2) (docs/method.md F10).</summary>
    private static string SigmaLine(HeadlineFacts f) =>
        $"σ = {Sigma(f.Sigma)}: a device's conductance is multiplied by " +
        Invariant($"{Math.Exp(-f.Sigma):F2} to {Math.Exp(f.Sigma):F2} at ±1σ and by e^(σ²/2) = ") +
        Invariant($"{Math.Exp(f.Sigma * f.Sigma / 2):F2} on average (docs/method.md F10).");

    /// <summary>
    /// The curves: the units at the lowest σ against the same hardware without them, the reach of pipeline and plain
    /// training, and from which σ upwards the pipeline leads every other method.
    /// </summary>
    private static IEnumerable<string> CurveLines(HeadlineFacts f)
    {
        if (f.CurveReference is not { } reference || f.Curves.Count == 0)
        {
            yield return "no accuracy-vs-σ curves in this run.";
            yield break;
        }
        var pipeline = Curve(f, PipelineMethods.Pipeline);
        var lowest = pipeline[0];
        if (f.PlacedLayers.Count > 0)
        {
            double without = MeanAt(f, PipelineMethods.SuppressionQuantization, lowest.Sigma);
            double effect = lowest.Mean - without;
            string does = Level(effect) ? "make no difference"
                : effect < 0 ? $"cost {Points(-effect)}" : $"gain {Points(effect)}";
            yield return $"the units were trained at σ = {Sigma(f.Sigma)} and are kept as they are below it: at " +
                         $"σ = {Sigma(lowest.Sigma)} the pipeline gets {Percent(lowest.Mean)} against " +
                         $"{Percent(without)} without units (suppression + quantization): they {does} there.";
        }
        double needed = RecoveryTarget * reference;
        var best = pipeline.MaxBy(p => p.Mean);
        string pipelineReach = PipelineResult.Reach(pipeline, needed) is not { } r
            ? $"the pipeline stays below it at every σ of the curves (best: {Percent(best.Mean)} at " +
              $"σ = {Sigma(best.Sigma)})"
            : r >= pipeline[^1].Sigma ? "the pipeline keeps it at every σ of the curves"
            : $"the pipeline keeps it up to σ = {Sigma(r)}";
        yield return $"reach: 95% of the variation-free {Percent(reference)} is {Percent(needed)}; {pipelineReach}; " +
                     $"plain training keeps it {ReachText(f, PipelineMethods.Plain)}.";
        yield return LeaderLine(f, pipeline);
    }

    /// <summary>The lowest σ from which the pipeline beats every other method at every σ up to the curves' highest.
    /// </summary>
    private static string LeaderLine(HeadlineFacts f, IReadOnlyList<(double Sigma, double Mean)> pipeline)
    {
        (string Method, double Mean) BestOther(double sigma) => f.Curves
            .Where(c => c.Method != PipelineMethods.Pipeline && c.Sigma == sigma)
            .Select(c => (c.Method, c.Mean))
            .MaxBy(c => c.Mean);
        int from = pipeline.Count; // index of the lowest σ of the run, up to the highest σ, where the pipeline leads
        while (from > 0 && pipeline[from - 1].Mean > BestOther(pipeline[from - 1].Sigma).Mean) from--;
        if (from == pipeline.Count)
        {
            var top = pipeline[^1];
            var other = BestOther(top.Sigma);
            return $"on the curves the pipeline does not lead at their highest σ = {Sigma(top.Sigma)}: " +
                   $"{other.Method} does ({Percent(other.Mean)} against {Percent(top.Mean)}).";
        }
        var start = pipeline[from];
        var next = BestOther(start.Sigma);
        string where = from == 0 ? "at every σ of the curves" : $"from σ = {Sigma(start.Sigma)} upwards";
        string text = $"on the curves the pipeline beats every other method {where} ({Percent(start.Mean)} against " +
                      $"{Percent(next.Mean)} for {next.Method}, the next best, at σ = {Sigma(start.Sigma)})";
        if (from == 0) return text + ".";
        var below = pipeline[from - 1];
        var ahead = BestOther(below.Sigma);
        return text + $"; at σ = {Sigma(below.Sigma)} {ahead.Method} is level or ahead " +
               $"({Percent(ahead.Mean)} against {Percent(below.Mean)}).";
    }

    /// <summary>Worst and best chip at the evaluation σ, and what the units do to the mean, worst chip and spread.
    /// </summary>
    private static string SpreadLine(HeadlineFacts f)
    {
        var plain = Result(f, PipelineMethods.Plain);
        var pipeline = Result(f, PipelineMethods.Pipeline);
        string text = $"chip to chip at σ = {Sigma(f.Sigma)} over {pipeline.Chips} chips: plain {Range(plain)}, " +
                      $"pipeline {Range(pipeline)}";
        if (f.PlacedLayers.Count == 0) return text + " (no units: the pipeline is suppression + quantization).";
        var without = Result(f, PipelineMethods.SuppressionQuantization);
        string worst = pipeline.Min > without.Min ? "raise" : "do not raise";
        return text + $"; without units (suppression + quantization) {Range(without)}: the units move the mean " +
               $"from {Percent(without.Mean)} to {Percent(pipeline.Mean)} and the worst chip from " +
               $"{Percent(without.Min)} to {Percent(pipeline.Min)} (they {worst} it); the spread (best − worst) goes " +
               $"from {Points(without.Max - without.Min)} to {Points(pipeline.Max - pipeline.Min)}.";
    }

    /// <summary>The variation-aware baseline: its rank at the evaluation σ, its cost at the lowest σ, its peak.
    /// </summary>
    private static string VariationAwareLine(HeadlineFacts f)
    {
        double mean = Result(f, PipelineMethods.VariationAware).Mean;
        var best = f.Methods.MaxBy(m => m.Result.Mean)!;
        string rank = best.Method == PipelineMethods.VariationAware
            ? "the best method there"
            : $"below {best.Method}'s {Percent(best.Result.Mean)}";
        string text = $"variation-aware training (at σ = {Sigma(f.DesignSigma)}, float model) gets {Percent(mean)} " +
                      $"at σ = {Sigma(f.Sigma)}, {rank}";
        if (f.Curves.Count == 0) return text + ".";
        var curve = Curve(f, PipelineMethods.VariationAware);
        var lowest = curve[0];
        double plain = MeanAt(f, PipelineMethods.Plain, lowest.Sigma);
        double effect = lowest.Mean - plain;
        string does = Level(effect) ? "is level with it"
            : effect < 0 ? $"costs {Points(-effect)}" : $"gains {Points(effect)}";
        var peak = curve.MaxBy(p => p.Mean);
        string peakText = peak.Sigma > lowest.Sigma
            ? $"its curve peaks at σ = {Sigma(peak.Sigma)} ({Percent(peak.Mean)}), not at the lowest σ: " +
              "it is tuned to chips near its training σ (with BatchNorm, through the running statistics; " +
              "docs/method.md §5)"
            : "its curve is highest at the lowest σ";
        return text + $"; at σ = {Sigma(lowest.Sigma)} it gets {Percent(lowest.Mean)} against plain training's " +
               $"{Percent(plain)} (it {does}); {peakText}.";
    }

    /// <summary>This run's time and the training time its checkpoints and cache record, in seconds.</summary>
    private static string TimeLine(HeadlineFacts f)
    {
        string trained = f.TrainedNow.Count == 0
            ? "every model came from the cache"
            : $"trained in this run: {string.Join(", ", f.TrainedNow)}";
        return Invariant($"time: this run's pipeline call took {f.Seconds:F0} s; the checkpoints record ") +
               Invariant($"{f.ModelTrainingSeconds:F0} s of model training and the cache ") +
               Invariant($"{f.UnitTrainingSeconds:F0} s of unit training (Monte-Carlo evaluations and placement ") +
               $"searches not counted); {trained}.";
    }

    private static MonteCarloResult Result(HeadlineFacts f, string method) =>
        f.Methods.FirstOrDefault(m => m.Method == method)?.Result
        ?? throw new ArgumentException($"{f.Network} has no method '{method}'.", nameof(method));

    /// <summary>Mean of <paramref name="method"/> / clean accuracy (0 when clean is 0).</summary>
    private static double Ratio(HeadlineFacts f, string method) => Share(Result(f, method).Mean, f);

    private static double Share(double accuracy, HeadlineFacts f) =>
        f.CleanAccuracy > 0 ? accuracy / f.CleanAccuracy : 0;

    /// <summary>The curve of <paramref name="method"/> in increasing σ; at least one point.</summary>
    private static IReadOnlyList<(double Sigma, double Mean)> Curve(HeadlineFacts f, string method)
    {
        var points = f.Curves.Where(c => c.Method == method).OrderBy(c => c.Sigma).Select(c => (c.Sigma, c.Mean))
            .ToList();
        return points.Count > 0
            ? points
            : throw new ArgumentException($"{f.Network} has no curve of '{method}'.", nameof(method));
    }

    /// <summary>Mean of <paramref name="method"/>'s curve at <paramref name="sigma"/>; NaN when the curve lacks it.
    /// </summary>
    private static double MeanAt(HeadlineFacts f, string method, double sigma) =>
        Curve(f, method).Where(p => p.Sigma == sigma).Select(p => p.Mean).DefaultIfEmpty(double.NaN).First();

    /// <summary>"up to σ = 0.3", or "not even at σ = 0" when it misses at the lowest σ (F37's reach).</summary>
    private static string ReachText(HeadlineFacts f, string method)
    {
        if (f.CurveReference is not { } reference) return "(no curves)";
        var curve = Curve(f, method);
        return PipelineResult.Reach(curve, RecoveryTarget * reference) is { } s
            ? $"up to σ = {Sigma(s)}"
            : $"not even at σ = {Sigma(curve[0].Sigma)}";
    }

    /// <summary>True when a difference of accuracies (fraction) prints as 0.0 points.</summary>
    private static bool Level(double fraction) => Math.Abs(100 * fraction) < 0.05;

    private static string Range(MonteCarloResult r) => $"{Percent(r.Min)}–{Percent(r.Max)}";

    /// <summary>A difference of accuracies (fraction) in points, unsigned.</summary>
    private static string Points(double fraction, int decimals = 1) =>
        (100 * fraction).ToString("F" + decimals, CultureInfo.InvariantCulture) + " points";

    private static string SignedPoints(double fraction) => Invariant($"{100 * fraction:+0.0;-0.0;0.0} points");

    private static string Sigma(double sigma) => Invariant($"{sigma:0.###}");
}
