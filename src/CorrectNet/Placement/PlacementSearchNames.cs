namespace CorrectNet.Placement;

/// <summary>
/// The names of the placement searches, as results carry them in <see cref="PlacementSearchResult.Method"/> and as
/// callers ask for them. Constants so that code which picks one search out of a report names it without a literal;
/// <see cref="PlacementSearchRegistry"/> says what each one runs.
/// </summary>
public static class PlacementSearchNames
{
    /// <summary>No units at all: the reward's reference point.</summary>
    public const string None = "none";

    /// <summary>A unit on every analog layer.</summary>
    public const string All = "all";

    /// <summary>The k most sensitive layers, k = 0 … L.</summary>
    public const string Greedy = "greedy";

    /// <summary>L random placements.</summary>
    public const string Random = "random";

    /// <summary>Every placement once; only where 2^L is affordable.</summary>
    public const string Exhaustive = "exhaustive";

    /// <summary>The REINFORCE agent.</summary>
    public const string Rl = "rl";
}
