using CorrectNet.Experiments.Profiles;

namespace CorrectNet.Experiments.Results;

/// <summary>One of the paper's claims (docs/method.md §0) checked against one pipeline result: what the paper says,
/// what was measured, whether it holds here.</summary>
public sealed record ClaimCheck(string Claim, string Network, string Paper, string Measured, bool Holds);

/// <summary>
/// The claims C1–C5 read off a <see cref="PipelineResult"/> (docs/method.md F37). Thresholds [ours]: C1 holds when
/// plain
/// training keeps less than half of the clean accuracy at the evaluation σ; C2 when suppression alone beats plain
/// training there; C3 when the pipeline keeps more than 95% of the clean accuracy; C4 when the chosen setting's ADC
/// energy is ≥ 55% below the cheapest uniform setting's within δ (F34a; the lossless reference's for a study without
/// one) at ≤ δ loss on the quantization study's unseen chips; C5 when the units add at
/// most 5% parameters and 5% MACs (F29).
/// </summary>
public static class PipelineClaims
{
    public static IReadOnlyList<ClaimCheck> Check(PipelineResult result, double maxDrop = 0.01)
    {
        string network = $"{ModelSetups.DisplayName(result.Model)} / {result.Dataset}";
        string at = $"σ = {result.Sigma:0.###}";
        double clean = result.CleanAccuracy;
        var plain = result[PipelineMethods.Plain];
        var suppression = result[PipelineMethods.Suppression];
        var pipeline = result[PipelineMethods.Pipeline];
        var overhead = result.Overhead;
        return
        [
            new("C1", network, "accuracy drops sharply, as low as 1.69%",
                $"plain {100 * plain.Mean:F1}% at {at} vs {100 * clean:F1}% clean " +
                $"({100 * result.PlainRatio:F0}% of clean)",
                result.PlainRatio < 0.5),
            new("C2", network, "Lipschitz regularization suppresses error growth",
                $"suppression alone {100 * suppression.Mean:F1}% vs plain {100 * plain.Mean:F1}% at {at} " +
                $"({100 * (suppression.Mean - plain.Mean):+0.0;-0.0} points)",
                suppression.Mean > plain.Mean),
            new("C3", network, "> 95% of the original accuracy at the highest variation",
                $"pipeline {100 * pipeline.Mean:F1}% = {100 * result.RecoveryRatio:F1}% of clean at {at} (plain: " +
                $"{100 * result.PlainRatio:F1}%)",
                result.RecoveryRatio > 0.95),
            new("C4", network, "55% less total ADC power",
                (result.Quantization.Uniform is null
                    ? $"{result.AdcPowerReductionPct:F1}% less ADC energy than the lossless reference"
                    : $"{result.Quantization.AdcPowerReductionVsUniformPct:F1}% less ADC energy than the cheapest " +
                      $"uniform setting ({result.AdcPowerReductionPct:F1}% than the lossless reference)") +
                ", accuracy loss " +
                $"{100 * result.Quantization.UnseenAccuracyLoss:F2} points on unseen chips (δ = {100 * maxDrop:0.##})",
                result.Quantization.MeetsClaim(maxDrop)),
            new("C5", network, "negligible hardware cost (≤ 5% [ours])",
                overhead is null ? "no units placed"
                    : $"{overhead.Units} unit(s): +{overhead.ParametersPercent:F2}% parameters, " +
                        $"+{overhead.MacsPercent:F2}% MACs",
                overhead is null || (overhead.ParametersPercent <= 5 && overhead.MacsPercent <= 5)),
        ];
    }
}
