namespace CorrectNet.Placement;

/// <summary>
/// The placement searches, name → <see cref="PlacementSearch"/>: the one list that running code, CLI help and
/// validation, and notebooks read, and the one place that says when exhaustive search is affordable. Lookups trim the
/// name and compare it lower-cased (invariant culture), as the searches have always been matched.
/// </summary>
public static class PlacementSearchRegistry
{
    /// <summary>Every search, in the order "every search" runs them (cheap baselines first, the agent last).</summary>
    public static IReadOnlyList<PlacementSearch> Searches { get; } =
    [
        new(PlacementSearchNames.None, "no units", false, false,
            (environment, _, _) => PlacementSearches.None(environment)),
        new(PlacementSearchNames.All, "a unit on every layer", false, false,
            (environment, _, _) => PlacementSearches.All(environment)),
        new(PlacementSearchNames.Greedy, "the k most sensitive layers, k = 0 … L", false, true,
            (environment, _, _) => PlacementSearches.Greedy(environment)),
        new(PlacementSearchNames.Random, "L random placements", false, false,
            (environment, seed, _) => PlacementSearches.Random(environment, Math.Max(1, environment.Layers), seed)),
        new(PlacementSearchNames.Exhaustive, "every placement once", true, true,
            (environment, _, _) => PlacementSearches.Exhaustive(environment)),
        new(PlacementSearchNames.Rl, "the REINFORCE agent", false, true,
            (environment, seed, episodes) =>
                ReinforceAgent.Run(environment, new ReinforceConfig { Episodes = episodes, Seed = seed })),
    ];

    /// <summary>The names of <see cref="Searches"/>, in that order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Searches.Select(s => s.Name)];

    /// <summary>The names of the searches worth asking for alone (<see cref="PlacementSearch.Standalone"/>).</summary>
    public static IReadOnlyList<string> StandaloneNames { get; } =
        [.. Searches.Where(s => s.Standalone).Select(s => s.Name)];

    /// <summary>The search named <paramref name="name"/> (trimmed, lower-cased), or null when unknown.</summary>
    public static PlacementSearch? Find(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        return Searches.FirstOrDefault(s => s.Name == key);
    }

    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static PlacementSearch Get(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"Unknown placement method '{name.Trim().ToLowerInvariant()}'; known: {string.Join(", ", Names)}.",
            nameof(name));

    /// <summary>
    /// Whether enumerating all 2^<paramref name="layers"/> binary placements is affordable: at most
    /// <paramref name="limit"/> (a profile's own limit) and never more than the search itself accepts,
    /// <see cref="PlacementSearches.MaxExhaustivePlacements"/>.
    /// </summary>
    public static bool IsAffordable(int layers, int limit = PlacementSearches.MaxExhaustivePlacements) =>
        Math.Pow(2, layers) <= Math.Min(limit, PlacementSearches.MaxExhaustivePlacements);

    /// <summary>
    /// <paramref name="names"/> in their order, without the searches that need every placement when those are not
    /// affordable for <paramref name="layers"/> layers under <paramref name="limit"/> (<see cref="IsAffordable"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static IReadOnlyList<string> Affordable(
        IEnumerable<string> names, int layers, int limit = PlacementSearches.MaxExhaustivePlacements)
    {
        bool affordable = IsAffordable(layers, limit);
        return [.. names.Where(n => !Get(n).NeedsEveryPlacement || affordable)];
    }
}
