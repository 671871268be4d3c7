namespace CorrectNet.Placement;

/// <summary>How a placement search scores the placements it asks for.</summary>
public enum PlacementScoring
{
    /// <summary>Each placement trains its own units, then runs on the evaluation chips (docs/method.md F31).</summary>
    PerPlacement,

    /// <summary>One shared training of a unit on every layer; a placement switches its units on (F38) [ours]. The
    /// search's final choice is retrained per placement before it is reported.</summary>
    WeightSharing,
}
