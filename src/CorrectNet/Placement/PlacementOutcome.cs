namespace CorrectNet.Placement;

/// <summary>
/// What evaluating one placement gives: Monte-Carlo mean accuracy on the evaluation chips (after compensation
/// training), the variation-free accuracy of the base model, and the units' overhead as fractions of the base network
/// (F29).
/// </summary>
public sealed record PlacementOutcome(double Accuracy, double CleanAccuracy, double ParametersShare, double MacsShare,
    double Seconds = 0)
{
    public double Overhead(OverheadMeasure measure) => measure switch
    {
        OverheadMeasure.Parameters => ParametersShare,
        OverheadMeasure.Max => Math.Max(ParametersShare, MacsShare),
        _ => MacsShare,
    };
}
