using CorrectNet.Evaluation;
using CorrectNet.Experiments.Results;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

/// <summary>The reading of notebook 07's BatchNorm calibration section (docs/method.md F36a).</summary>
public sealed class BatchNormCalibrationReadingTests
{
    private static MonteCarloResult Result(params double[] chips) => new("", 3, 0, chips, 0.9, null);

    private static BatchNormCalibrationRow Row(string method, double sigma, double trained, double calibrated) =>
        new(method, sigma, Result(trained, trained), Result(calibrated, calibrated));

    [Fact]
    public void EachSigmaGetsOneLineThatNamesTheLeader()
    {
        var lines = BatchNormCalibrationReading.Lines("Net",
        [
            Row(PipelineMethods.VariationAware, 0.7, 0.5, 0.9),
            Row(PipelineMethods.Pipeline, 0.7, 0.8, 0.85),
            Row(PipelineMethods.VariationAware, 0, 0.6, 0.88),
            Row(PipelineMethods.Pipeline, 0, 0.7, 0.9),
        ]);

        Assert.Equal(
        [
            "Net at σ = 0.7 (2 chips): variation-aware 50.0% → 90.0% (+40.0 points), pipeline 80.0% → 85.0% "
            + "(+5.0 points); with re-estimation variation-aware leads, 5.0 points above the pipeline.",
            "Net at σ = 0.0 (2 chips): variation-aware 60.0% → 88.0% (+28.0 points), pipeline 70.0% → 90.0% "
            + "(+20.0 points); with re-estimation the pipeline leads.",
        ], lines);
        Assert.Equal(40, Row("m", 0.7, 0.5, 0.9).GainPoints, 9);
    }

    [Fact]
    public void ANetworkWithoutBatchNormSaysSo() =>
        Assert.Equal(["Net: no BatchNorm layers, so nothing to re-estimate."],
            BatchNormCalibrationReading.Lines("Net", []));
}
