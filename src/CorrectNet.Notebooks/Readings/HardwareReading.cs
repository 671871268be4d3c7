using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 05's one-knob sweeps, computed from the run. A curve is one network at one σ, its points
/// named <see cref="Series"/>. A knob matters on a curve [ours] when its best and worst value's mean accuracies are at
/// least <see cref="MinSpread"/> apart and their 95% confidence intervals do not overlap. C4's first half holds for a
/// network when the bits per cell matter at some σ, the ADC noise matters at some σ and the ADC energy grows with the
/// ADC bits (docs/method.md F19–F21).
/// </summary>
public static class HardwareReading
{
    /// <summary>Smallest best − worst spread of mean accuracy for a knob to matter [ours] (0.01 = one point).</summary>
    public const double MinSpread = 0.01;

    private static readonly string BitsPerCellName = HardwareKnobs.BitsPerCell([]).Name;
    private static readonly string AdcBitsName = HardwareKnobs.AdcBits([]).Name;
    private static readonly string AdcNoiseName = HardwareKnobs.AdcNoise([]).Name;

    /// <summary>The series name of one network's curve at one σ, e.g. "LeNet-5, σ = 0.3".</summary>
    public static string Series(string network, double sigma) => $"{network}, σ = {Number(sigma)}";

    /// <summary>
    /// Per network: every knob's accuracy per value and σ with its verdict, the ADC energy per value (σ = 0 points,
    /// energy does not depend on σ), knob-specific readings, and the verdict on C4's first half.
    /// </summary>
    public static IReadOnlyList<string> Lines(
        IReadOnlyList<(HardwareKnob Knob, IReadOnlyList<CurvePoint> Points)> results,
        IReadOnlyList<string> networks,
        IReadOnlyList<double> sigmas)
    {
        var lines = new List<string>();
        foreach (string network in networks)
        {
            lines.Add($"{network}:");
            foreach (var (knob, points) in results)
            {
                var curves = Curves(points, network, sigmas);
                if (curves.Count == 0) continue;
                lines.Add($"  {knob.Name}:");
                foreach (var (sigma, curve) in curves)
                    lines.Add($"    σ = {Number(sigma)}: {Accuracies(curve)} → {Judge(curve)}");
                lines.AddRange(Dither(curves));
                if (knob.ChangesEnergy && EnergyLine(knob, curves) is { } energy) lines.Add(energy);
                if (knob.Name == AdcBitsName) lines.AddRange(FewestAdcBits(curves));
                if (knob.Name == AdcNoiseName) lines.AddRange(NoiseCosts(curves));
            }
            lines.Add(Verdict(network, results, sigmas));
        }
        return lines;
    }

    /// <summary>The network's curves of one knob: (σ, points by value), σ without points left out.</summary>
    private static List<(double Sigma, List<CurvePoint> Points)> Curves(
        IReadOnlyList<CurvePoint> points, string network, IReadOnlyList<double> sigmas) =>
        sigmas.Select(s => (s, points.Where(p => p.Series == Series(network, s)).OrderBy(p => p.X).ToList()))
            .Where(c => c.Item2.Count > 0)
            .ToList();

    /// <summary>"ADC 4 b 48.6%, ADC 8 b 91.0%".</summary>
    private static string Accuracies(List<CurvePoint> points) =>
        string.Join(", ", points.Select(p => $"{p.Setting} {Percent(p.Result.Mean)}"));

    /// <summary>"matters (…)" or "does not matter here (…)", with the best and worst value and their spread.</summary>
    private static string Judge(List<CurvePoint> points)
    {
        if (points.Count < 2) return "one value, nothing to compare";
        var best = points.MaxBy(p => p.Result.Mean)!;
        var worst = points.MinBy(p => p.Result.Mean)!;
        double spread = best.Result.Mean - worst.Result.Mean;
        string which = $"best {best.Setting}, worst {worst.Setting}, {PointsApart(spread)} apart";
        if (Matters(points)) return $"matters ({which}, 95% CIs apart)";
        string why = spread >= MinSpread - Epsilon ? "95% CIs overlap" : $"under {Number(100 * MinSpread)} point";
        return $"does not matter here ({which}, {why})";
    }

    /// <summary>Best and worst value's means at least <see cref="MinSpread"/> apart, their 95% CIs disjoint.</summary>
    private static bool Matters(List<CurvePoint> points)
    {
        if (points.Count < 2) return false;
        var best = points.MaxBy(p => p.Result.Mean)!.Result;
        var worst = points.MinBy(p => p.Result.Mean)!.Result;
        return best.Mean - worst.Mean >= MinSpread - Epsilon && worst.Ci95.High < best.Ci95.Low;
    }

    /// <summary>
    /// Settings at which a σ > 0 curve scores at least <see cref="MinSpread"/> above σ = 0, and whether beyond its
    /// 95% CI (with few chips a gain inside it can be chip-to-chip noise).
    /// </summary>
    private static IEnumerable<string> Dither(List<(double Sigma, List<CurvePoint> Points)> curves)
    {
        // Variation should only cost accuracy; where it gains, the setting is doing something odd.
        var noVariation = curves.FirstOrDefault(c => c.Sigma == 0).Points;
        if (noVariation is null) yield break;
        foreach (var (sigma, points) in curves.Where(c => c.Sigma > 0))
            foreach (var p in points)
            {
                if (noVariation.FirstOrDefault(q => q.X == p.X) is not { } q
                    || p.Result.Mean - q.Result.Mean < MinSpread - Epsilon) continue;
                string gain = $"    at {p.Setting}, σ = {Number(sigma)} scores above σ = 0 "
                              + $"({Percent(p.Result.Mean)} vs {Percent(q.Result.Mean)})";
                yield return p.Result.Ci95.Low > q.Result.Ci95.High
                    ? $"{gain}, beyond its 95% CI: variation acts like a dither here, as it can for a quantizer far "
                      + "too coarse; treat that corner with care"
                    : $"{gain}, within its 95% CI: possibly chip-to-chip noise";
            }
    }

    /// <summary>ADC energy of one inference per value, from the first curve with energies; null if none has.</summary>
    private static string? EnergyLine(HardwareKnob knob, List<(double Sigma, List<CurvePoint> Points)> curves)
    {
        var points = curves.Select(c => c.Points).FirstOrDefault(EnergyKnown);
        if (points is null) return null;
        double low = points.Min(Picojoules), high = points.Max(Picojoules);
        string perBit = knob.Name == AdcBitsName && PerBit(points) is { } f ? $", {Factor(f)} per bit" : "";
        var each = points.Select(p => $"{p.Setting} {Energy(Picojoules(p))}");
        return $"    ADC energy per inference: {string.Join(", ", each)} "
               + $"({Factor(high / low)} from lowest to highest{perBit})";
    }

    /// <summary>Per σ, the fewest ADC bits whose accuracy is within <see cref="MinSpread"/> of the best.</summary>
    private static IEnumerable<string> FewestAdcBits(List<(double Sigma, List<CurvePoint> Points)> curves)
    {
        foreach (var (sigma, points) in curves.Where(c => c.Points.Count > 1))
        {
            double best = points.Max(p => p.Result.Mean);
            var fewest = points.First(p => p.Result.Mean >= best - MinSpread - Epsilon);
            yield return $"    σ = {Number(sigma)}: the fewest ADC bits within {Number(100 * MinSpread)} point of the "
                         + $"best: {fewest.Setting} ({Percent(fewest.Result.Mean)}; best {Percent(best)})";
        }
    }

    /// <summary>Per σ, the accuracy each noise level costs against the quietest one, in points.</summary>
    private static IEnumerable<string> NoiseCosts(List<(double Sigma, List<CurvePoint> Points)> curves)
    {
        foreach (var (sigma, points) in curves.Where(c => c.Points.Count > 1))
        {
            var quiet = points[0];
            var costs = points.Skip(1)
                .Select(p => $"{p.Setting} costs {PointsApart(quiet.Result.Mean - p.Result.Mean)}");
            yield return $"    σ = {Number(sigma)}, against {quiet.Setting}: {string.Join(", ", costs)}";
        }
    }

    private static string Verdict(
        string network,
        IReadOnlyList<(HardwareKnob Knob, IReadOnlyList<CurvePoint> Points)> results,
        IReadOnlyList<double> sigmas)
    {
        List<(double Sigma, List<CurvePoint> Points)> CurvesOf(string name) =>
            results.Where(r => r.Knob.Name == name).SelectMany(r => Curves(r.Points, network, sigmas)).ToList();

        // "bits per cell matter at σ = 0.3", "ADC noise matters at no σ swept"
        string MattersAt(string name, string subject, string verb, out bool matters)
        {
            var curves = CurvesOf(name);
            var at = curves.Where(c => Matters(c.Points)).Select(c => Number(c.Sigma)).ToList();
            matters = at.Count > 0;
            if (curves.Count == 0) return $"{subject} not swept";
            return matters ? $"{subject} {verb} at σ = {string.Join(", ", at)}" : $"{subject} {verb} at no σ swept";
        }

        string cells = MattersAt(BitsPerCellName, "bits per cell", "matter", out bool cellsMatter);
        string noise = MattersAt(AdcNoiseName, "ADC noise", "matters", out bool noiseMatters);
        var adc = CurvesOf(AdcBitsName).Select(c => c.Points).FirstOrDefault(EnergyKnown);
        bool grows = adc is { Count: > 1 } && adc.Zip(adc.Skip(1)).All(p => Picojoules(p.Second) > Picojoules(p.First));
        string energy = adc is null ? "ADC energy per ADC bit not measured"
            : grows ? $"ADC energy grows with the ADC bits ({Factor(PerBit(adc) ?? double.NaN)} per bit)"
            : "ADC energy does not grow with the ADC bits";
        bool holds = cellsMatter && noiseMatters && grows;
        return $"  C4, first half, {(holds ? "holds" : "does not hold")} for {network}: {cells}; {noise}; {energy}.";
    }

    private static bool EnergyKnown(List<CurvePoint> points) =>
        points.All(p => p.Result.AdcEnergyPicojoules is not null);

    /// <summary>ADC energy of one inference in pJ.</summary>
    private static double Picojoules(CurvePoint point) => point.Result.AdcEnergyPicojoules!.Value;

    /// <summary>(E_last / E_first)^(1 / (b_last − b_first)): energy factor per ADC bit; null for one value.</summary>
    private static double? PerBit(List<CurvePoint> points) => points.Count < 2 || points[^1].X == points[0].X
        ? null
        : Math.Pow(Picojoules(points[^1]) / Picojoules(points[0]), 1 / (points[^1].X - points[0].X));
}
