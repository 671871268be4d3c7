namespace CorrectNet.Placement;

/// <summary>Which share of the base network the reward's overhead term counts (docs/method.md F31; an open
/// choice).</summary>
public enum OverheadMeasure
{
    /// <summary>Extra MACs per image / base MACs.</summary>
    Macs,
    /// <summary>Extra parameters / base parameters.</summary>
    Parameters,
    /// <summary>The larger of the two shares [ours]: one α then bounds both, as C5's "≤ 5% of parameters and of MACs"
    /// asks.</summary>
    Max,
}
