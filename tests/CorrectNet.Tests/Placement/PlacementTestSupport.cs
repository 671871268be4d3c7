using CorrectNet.Models;
using CorrectNet.Placement;

namespace CorrectNet.Tests.Placement;

/// <summary>Synthetic placement problems: layer profiles and a reward table, no training.</summary>
internal static class PlacementTestSupport
{
    /// <summary>L equal-cost linear layers with the given sensitivities.</summary>
    public static PlacementSite[] Sites(params double[] sensitivities) =>
        [.. sensitivities.Select((s, l) => new PlacementSite(
            new LayerProfile($"fc{l + 1}", LayerProfile.LinearKind, 16, 16, 1, 1, 1, 16 * 16 + 16, 16 * 16, 16, 1, 1),
            s, 2))];

    /// <summary>
    /// Accuracy 0.5 + Σ gain_l over the layers with a unit (clean 1.0); overhead <paramref name="unitOverhead"/> of
    /// MACs and parameters per unit. With α = 1 a unit is worth inserting iff its gain exceeds the overhead.
    /// </summary>
    public static Func<UnitPlacement, PlacementOutcome> Table(double[] gains, List<string>? calls = null,
        double unitOverhead = 0.01) => placement =>
    {
        calls?.Add(placement.Key);
        double accuracy = 0.5 + Enumerable.Range(0, gains.Length).Where(placement.Has).Sum(l => gains[l]);
        return new PlacementOutcome(accuracy, 1.0, unitOverhead * placement.Units, unitOverhead * placement.Units);
    };
}
