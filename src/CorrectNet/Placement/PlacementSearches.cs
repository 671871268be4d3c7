namespace CorrectNet.Placement;

/// <summary>
/// The baselines the RL agent is compared with (docs/method.md §7): no units, a unit on every layer, greedy by
/// sensitivity, random placements, and exhaustive search. All use binary actions (width = the default r) except
/// <see cref="Exhaustive"/>, which enumerates every action of the environment.
/// </summary>
public static class PlacementSearches
{
    /// <summary>Largest number of placements <see cref="Exhaustive"/> enumerates (2^10).</summary>
    public const int MaxExhaustivePlacements = 1024;

    public static PlacementSearchResult None(PlacementEnvironment environment) =>
        Search(PlacementSearchNames.None, environment, [UnitPlacement.None(environment.Layers)]);

    /// <summary>A unit on every layer: a reference point, evaluated even when it exceeds the environment's
    /// cap.</summary>
    public static PlacementSearchResult All(PlacementEnvironment environment) =>
        Search(PlacementSearchNames.All, environment,
            [Binary(environment, Enumerable.Repeat(true, environment.Layers))], ignoreCap: true);

    /// <summary>
    /// Orders layers by decreasing sensitivity (ties: forward order) and evaluates the L + 1 placements "the k most
    /// sensitive layers", k = 0 … L, up to the first k over the environment's cap; the best reward wins.
    /// </summary>
    public static PlacementSearchResult Greedy(PlacementEnvironment environment)
    {
        var layers = Enumerable.Range(0, environment.Layers);
        var order = layers.OrderByDescending(l => environment.Sites[l].Sensitivity).ThenBy(l => l).ToList();
        var candidates = Enumerable.Range(0, environment.Layers + 1)
            .Select(k => Binary(environment, layers.Select(l => order.IndexOf(l) < k)))
            .TakeWhile(p => environment.Admits(p.Widths));
        return Search(PlacementSearchNames.Greedy, environment, candidates);
    }

    /// <summary><paramref name="count"/> placements, each layer in with probability ½, drawn from <paramref
    /// name="seed"/>; those over the environment's cap are drawn but not evaluated (none left: no units).</summary>
    public static PlacementSearchResult Random(PlacementEnvironment environment, int count, long seed = 1)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one placement.");
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var candidates = Enumerable.Range(0, count)
            .Select(_ => Binary(environment, Enumerable.Range(0, environment.Layers).Select(_ => random.Next(2) == 1)))
            .Where(p => environment.Admits(p.Widths))
            .DefaultIfEmpty(UnitPlacement.None(environment.Layers))
            .ToList();
        return Search(PlacementSearchNames.Random, environment, candidates);
    }

    /// <summary>Every placement once (actions^L of them, at most <see cref="MaxExhaustivePlacements"/>), in mixed-radix
    /// order; those over the environment's cap are skipped.</summary>
    public static PlacementSearchResult Exhaustive(PlacementEnvironment environment)
    {
        double total = Math.Pow(environment.Actions, environment.Layers);
        if (total > MaxExhaustivePlacements)
            throw new InvalidOperationException(
                $"Exhaustive search over {environment.Actions}^{environment.Layers} = {total:G4} placements " +
                $"exceeds {MaxExhaustivePlacements}.");
        return Search(PlacementSearchNames.Exhaustive, environment,
            Enumerate(environment, (int)total).Where(p => environment.Admits(p.Widths)));
    }

    /// <summary>The placement that inserts a default-width unit where <paramref name="insert"/> is true.</summary>
    public static UnitPlacement Binary(PlacementEnvironment environment, IEnumerable<bool> insert) =>
        environment.PlacementOf([.. insert.Select(b => b ? 1 : 0)]);

    private static IEnumerable<UnitPlacement> Enumerate(PlacementEnvironment environment, int total)
    {
        for (int code = 0; code < total; code++)
        {
            var actions = new int[environment.Layers];
            int rest = code;
            for (int l = 0; l < environment.Layers; l++)
            {
                actions[l] = rest % environment.Actions;
                rest /= environment.Actions;
            }
            yield return environment.PlacementOf(actions);
        }
    }

    private static PlacementSearchResult Search(string method, PlacementEnvironment environment,
        IEnumerable<UnitPlacement> candidates, bool ignoreCap = false)
    {
        int before = environment.Evaluations;
        var visited = candidates.Select(p => environment.Evaluate(p, ignoreCap)).ToList();
        return new PlacementSearchResult(method, BestOf(visited), visited, environment.Evaluations - before);
    }

    /// <summary>Highest reward; ties go to the first seen.</summary>
    public static PlacementEvaluation BestOf(IEnumerable<PlacementEvaluation> evaluations) =>
        evaluations.Aggregate((best, e) => e.Reward > best.Reward ? e : best);
}
