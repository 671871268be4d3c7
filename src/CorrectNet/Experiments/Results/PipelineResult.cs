using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Profiles;

namespace CorrectNet.Experiments.Results;

/// <summary>One method of the pipeline comparison at the evaluation σ: its name, the hardware it runs on ("reference"
/// or "chosen") and its Monte-Carlo result on the unseen chips.</summary>
public sealed record PipelineMethodResult(string Method, string Hardware, MonteCarloResult Result);

/// <summary>One method at one σ with its trained BatchNorm statistics and with them re-estimated on every chip
/// (docs/method.md F36a), on the same chips and images.</summary>
public sealed record BatchNormCalibrationRow(
    string Method,
    double Sigma,
    MonteCarloResult Trained,
    MonteCarloResult Calibrated)
{
    /// <summary>Calibrated − trained mean accuracy, in points.</summary>
    public double GainPoints => 100 * (Calibrated.Mean - Trained.Mean);
}

/// <summary>
/// The CorrectNet+ pipeline for one network and data set (docs/method.md F37), every stage with its result, and the
/// baselines on the same unseen chips (<see cref="Unseen"/>: chips 0 … N − 1 of one seed for every method; the curves
/// use the first of them, <c>PipelineRecipes.CurveRun</c>): <see cref="FirstStage"/> is how stage 1 was chosen,
/// <see cref="Placed"/> the pipeline's placement (stage 3), <see cref="Baseline"/> that of compensation alone.
/// Accuracies are fractions. Owns the three trained models (<see cref="Models"/>); dispose when done.
/// </summary>
public sealed record PipelineResult(
    string Model,
    string Dataset,
    double Sigma,
    double CleanAccuracy,
    PipelineModels Models,
    FirstStageChoice FirstStage,
    QuantizationStudy Quantization,
    PipelineHardware Hardware,
    PlacedUnits Placed,
    PlacedUnits Baseline,
    MonteCarloRun Unseen,
    IReadOnlyList<PipelineMethodResult> Methods,
    IReadOnlyList<CurvePoint> Curves,
    double Seconds) : IDisposable
{
    /// <summary>The result of <paramref name="method"/> (one of <see cref="PipelineMethods.All"/>) at the evaluation
    /// σ.</summary>
    public MonteCarloResult this[string method] =>
        Methods.FirstOrDefault(m => m.Method == method)?.Result
        ?? throw new ArgumentException($"No method '{method}'; known: {string.Join(", ",
            Methods.Select(m => m.Method))}.", nameof(method));

    /// <summary>Pipeline mean accuracy / clean accuracy: the paper's "&gt; 95% of the original" is RecoveryRatio &gt;
    /// 0.95.</summary>
    public double RecoveryRatio => CleanAccuracy > 0 ? this[PipelineMethods.Pipeline].Mean / CleanAccuracy : 0;

    /// <summary>Plain training's mean accuracy / clean accuracy at the evaluation σ (the starting point of the
    /// recovery).</summary>
    public double PlainRatio => CleanAccuracy > 0 ? this[PipelineMethods.Plain].Mean / CleanAccuracy : 0;

    /// <summary>Total ADC energy (= power at a fixed rate) of the pipeline's hardware below the reference's, in %
    /// (F21).</summary>
    public double AdcPowerReductionPct => Quantization.AdcPowerReductionPct;

    /// <summary>
    /// The reference of the accuracy-vs-σ curves: the plain model's variation-free accuracy (ideal devices on the
    /// reference
    /// setting, no ADC noise) on the curves' images.
    /// </summary>
    public double CurveReference => CurveOf(PipelineMethods.Plain).First().Result.CleanAccuracy;

    /// <summary>
    /// How far along σ <paramref name="method"/> keeps <paramref name="share"/> of <see cref="CurveReference"/> on the
    /// curves
    /// (<see cref="Reach"/>): the claim "&gt; 95% of the original" read over the whole grid rather than at one σ.
    /// </summary>
    public double? SigmaKeeping(string method, double share = 0.95) =>
        Reach(CurveOf(method).Select(p => (p.X, p.Result.Mean)), share * CurveReference);

    /// <summary>
    /// [ours] The largest σ of <paramref name="curve"/> up to which every point's accuracy is at least
    /// <paramref name="threshold"/> (points in increasing σ, from the lowest); null when the lowest σ already misses
    /// it.
    /// Contiguous from the lowest σ, so a noisy point above the threshold after a miss does not count.
    /// </summary>
    public static double? Reach(IEnumerable<(double Sigma, double Accuracy)> curve, double threshold)
    {
        double? reach = null;
        foreach (var (sigma, accuracy) in curve.OrderBy(p => p.Sigma))
        {
            if (accuracy < threshold) break;
            reach = sigma;
        }
        return reach;
    }

    private IReadOnlyList<CurvePoint> CurveOf(string method)
    {
        var points = Curves.Where(p => p.Series.EndsWith(", " + method,
            StringComparison.Ordinal)).OrderBy(p => p.X).ToList();
        return points.Count > 0 ? points : throw new ArgumentException($"No curve of method '{method}'.",
            nameof(method));
    }

    /// <summary>The pipeline's compensation units against the base network (null when the placement chose
    /// none).</summary>
    public CompensationCost? Overhead => Placed.Outcome?.Cost;

    public void Dispose() => Models.Dispose();
}

/// <summary>The method names of the pipeline comparison (docs/method.md F37).</summary>
public static class PipelineMethods
{
    /// <summary>Plain training (F3) on the reference hardware.</summary>
    public const string Plain = "plain";
    /// <summary>Variation-aware training at the design σ, on the reference hardware.</summary>
    public const string VariationAware = "variation-aware";
    /// <summary>Stage 1's training alone (F37: enhanced Lipschitz, alone or with sampled chips), on the reference
    /// hardware.</summary>
    public const string Suppression = "suppression";
    /// <summary>Plain training with RL-placed compensation units trained on the reference hardware.</summary>
    public const string Compensation = "compensation";
    /// <summary>Stages 1–2: stage 1's training on the chosen quantization setting, no units.</summary>
    public const string SuppressionQuantization = "suppression + quantization";
    /// <summary>All three stages.</summary>
    public const string Pipeline = "pipeline";

    public static IReadOnlyList<string> All { get; } = [Plain, VariationAware, Suppression, Compensation,
        SuppressionQuantization, Pipeline];
}
