namespace CorrectNet.Placement;

/// <summary>Which share of the base network the reward's overhead term counts (docs/method.md F31; an open choice).</summary>
public enum OverheadMeasure
{
    /// <summary>Extra MACs per image / base MACs.</summary>
    Macs,
    /// <summary>Extra parameters / base parameters.</summary>
    Parameters,
}
