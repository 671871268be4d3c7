using CorrectNet.Crossbar;
using CorrectNet.Evaluation;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// One evaluated point of a sweep: the setting and its Monte-Carlo result (accuracies as fractions, ADC energy in pJ
/// per inference). <see cref="Seconds"/> is the time this call spent on it (near 0 when <see cref="FromCache"/>).
/// </summary>
public sealed record CurvePoint(string Series, string Setting, double X, CrossbarConfig Config,
    MonteCarloResult Result, bool FromCache, double Seconds)
{
    /// <summary>σ of the lognormal device variation of this point.</summary>
    public double Sigma => Config.Variation.Sigma;
}
