using CorrectNet.Experiments.Results;


namespace CorrectNet.Tests.Experiments.Results;

/// <summary>How far along σ a method keeps a share of the reference (docs/method.md F37, <see
/// cref="PipelineResult.Reach"/>).</summary>
public sealed class PipelineReachTests
{
    [Fact]
    public void ReachIsTheLastSigmaOfTheRunAboveTheThresholdFromTheLowestSigma()
    {
        // Out of order on purpose; 0.3 is above the threshold again but comes after a miss at 0.2.
        (double, double)[] curve = [(0.3, 0.89), (0.0, 0.90), (0.2, 0.80), (0.1, 0.86)];
        Assert.Equal(0.1, PipelineResult.Reach(curve, threshold: 0.855));
        Assert.Equal(0.0, PipelineResult.Reach(curve, threshold: 0.87));
        Assert.Null(PipelineResult.Reach(curve, threshold: 0.95));
        Assert.Equal(0.3, PipelineResult.Reach(curve, threshold: 0.80)); // equal to the threshold keeps it
    }
}
