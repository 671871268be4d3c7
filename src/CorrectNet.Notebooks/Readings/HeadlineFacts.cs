using CorrectNet.Compensation;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;

namespace CorrectNet.Notebooks;

/// <summary>
/// What notebook 07's reading (<see cref="HeadlineReading"/>) needs from one network's <see cref="PipelineResult"/>, as
/// plain values so a test can build one without training anything. Accuracies are fractions in [0, 1]; σ is the
/// lognormal σ of every device (docs/method.md F8); energies and overheads are in %; times in seconds.
/// </summary>
/// <param name="Network">"LeNet-5 / fashion-mnist".</param>
/// <param name="Sigma">The evaluation σ of the table (the network's highest).</param>
/// <param name="ProfileHighestSigma">The profile's highest σ when the network stops below it
/// (<see cref="MonteCarloBudget.HighestSigmaByModel"/>); null when it does not, or when the σ was set explicitly.
/// </param>
/// <param name="CleanAccuracy">The plain model's digital accuracy on the table's images.</param>
/// <param name="Methods">Every method at <paramref name="Sigma"/> on the unseen chips (<see cref="PipelineMethods"/>).
/// </param>
/// <param name="CurveReference">The curves' dotted line (<see cref="PipelineResult.CurveReference"/>); null without
/// curves.</param>
/// <param name="Curves">Mean accuracy of every method at every σ of the curves (their first chips and images).</param>
/// <param name="Claims">C1–C5 (<see cref="PipelineClaims.Check"/>).</param>
/// <param name="AdcPowerReductionPct">Chosen setting's ADC energy below the reference's, in % (F21).</param>
/// <param name="QuantizationLoss">Reference minus chosen mean accuracy on the quantization study's unseen chips
/// (fraction).</param>
/// <param name="QuantizationSigma">σ of the quantization search and its unseen chips.</param>
/// <param name="MaxDrop">δ, the allowed accuracy drop of the setting (fraction; 0.01 = one point).</param>
/// <param name="DesignSigma">σ the variation-aware baseline was trained at (and λ(σ) designed for).</param>
/// <param name="Alpha">α of the placement reward (F31).</param>
/// <param name="Placement">The placement search ("rl" = the REINFORCE agent).</param>
/// <param name="PlacedLayers">The layers of the pipeline's units, in forward order; empty = no units.</param>
/// <param name="Overhead">The pipeline's units against the base network (F29); null = no units.</param>
/// <param name="Seconds">Wall-clock time of this run's <see cref="PipelineRecipes.Run"/> call (cached stages ≈ 0).
/// </param>
/// <param name="ModelTrainingSeconds">Training time recorded in the three models' checkpoints, wherever they came
/// from.</param>
/// <param name="UnitTrainingSeconds">Training time recorded for the units of the pipeline and of compensation alone.
/// </param>
/// <param name="TrainedNow">The methods whose model this call trained rather than loaded from the cache.</param>
public sealed record HeadlineFacts(
    string Network,
    double Sigma,
    double? ProfileHighestSigma,
    double CleanAccuracy,
    IReadOnlyList<PipelineMethodResult> Methods,
    double? CurveReference,
    IReadOnlyList<(string Method, double Sigma, double Mean)> Curves,
    IReadOnlyList<ClaimCheck> Claims,
    double AdcPowerReductionPct,
    double QuantizationLoss,
    double QuantizationSigma,
    double MaxDrop,
    double DesignSigma,
    double Alpha,
    string Placement,
    IReadOnlyList<string> PlacedLayers,
    CompensationCost? Overhead,
    double Seconds,
    double ModelTrainingSeconds,
    double UnitTrainingSeconds,
    IReadOnlyList<string> TrainedNow)
{
    /// <summary>
    /// The facts of <paramref name="result"/>, run under <paramref name="profile"/> with <paramref name="options"/>.
    /// </summary>
    public static HeadlineFacts Of(PipelineResult result, ExperimentProfile profile, PipelineOptions options)
    {
        string network = $"{ModelSetups.DisplayName(result.Model)} / {result.Dataset}";
        double gridHighest = profile.MonteCarlo.Sigmas.Max();
        bool stoppedBelow = options.EvaluationSigma is null && result.Sigma < gridHighest;
        // Series read "<network>, <method>" (PipelineRecipes.Run); the method is what follows the last ", ".
        var curves = result.Curves
            .Select(p => (Method: p.Series[(p.Series.LastIndexOf(", ", StringComparison.Ordinal) + 2)..],
                Sigma: p.X, p.Result.Mean))
            .ToList();
        var models = new (string Method, TrainedModel Model)[]
        {
            (PipelineMethods.Plain, result.Models.Plain),
            (PipelineMethods.VariationAware, result.Models.VariationAware),
            (PipelineMethods.Suppression, result.Models.Suppressed),
        };
        return new HeadlineFacts(
            network,
            result.Sigma,
            stoppedBelow ? gridHighest : null,
            result.CleanAccuracy,
            result.Methods,
            result.Curves.Count > 0 ? result.CurveReference : null,
            curves,
            PipelineClaims.Check(result, options.MaxDrop),
            result.AdcPowerReductionPct,
            result.Quantization.UnseenAccuracyLoss,
            options.QuantizationFor(profile).Sigma,
            options.MaxDrop,
            options.DesignSigma,
            options.Alpha,
            options.Placement,
            result.Placed.Layers,
            result.Overhead,
            result.Seconds,
            models.Sum(m => m.Model.Header.History.Sum(e => e.Seconds)),
            (result.Placed.Outcome?.TrainingSeconds ?? 0) + (result.Baseline.Outcome?.TrainingSeconds ?? 0),
            [.. models.Where(m => !m.Model.FromCache).Select(m => m.Method)])
        {
            AdcReductionVsUniformPct = result.Quantization.Uniform is null
                ? null
                : result.Quantization.AdcPowerReductionVsUniformPct,
            FirstStage = result.FirstStage,
        };
    }

    /// <summary>Chosen setting's ADC energy below the cheapest uniform setting within δ (F34a), in %; null when the
    /// study has none. C4 is judged on it when present.</summary>
    public double? AdcReductionVsUniformPct { get; init; }

    /// <summary>How stage 1 was chosen (<see cref="PipelineResult.FirstStage"/>); null when not known.</summary>
    public FirstStageChoice? FirstStage { get; init; }

    /// <summary>The saving C4 is judged on: against the uniform setting when known, else against the reference.
    /// </summary>
    public double ClaimReductionPct => AdcReductionVsUniformPct ?? AdcPowerReductionPct;
}
