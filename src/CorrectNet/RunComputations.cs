namespace CorrectNet;

/// <summary>
/// What the processes of one run (the notebooks of a `reproduce`) computed for the result cache, from their
/// <see cref="TimingsRecord"/>s in run order: an entry missing at a process's first use was computed by it. A run that
/// computes each item once has no <see cref="Repeated"/> entry: a later notebook reads what an earlier one wrote.
/// </summary>
/// <param name="Computed">Distinct entries computed in the run.</param>
/// <param name="Repeated">Entries computed by more than one process, with the processes' names in run order.</param>
public sealed record RunComputations(int Computed, IReadOnlyList<(string Path, IReadOnlyList<string> By)> Repeated)
{
    public static RunComputations Of(IEnumerable<(string Process, TimingsRecord Record)> records)
    {
        var computedBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (process, record) in records)
            foreach (var use in record.CachePaths.Where(u => !u.Hit))
            {
                if (!computedBy.TryGetValue(use.Path, out var by)) computedBy[use.Path] = by = [];
                by.Add(process);
            }
        return new RunComputations(computedBy.Count,
            [.. computedBy.Where(e => e.Value.Count > 1).Select(e => (e.Key, (IReadOnlyList<string>)e.Value))]);
    }

    /// <summary>One line for the run's summary.</summary>
    public string Summary() => Repeated.Count == 0
        ? $"result-cache entries computed in this run: {Computed}, each by one notebook"
        : $"result-cache entries computed in this run: {Computed}; {Repeated.Count} of them by more than one " +
          "notebook (a cache entry was not written, or not found again): " +
          string.Join("; ", Repeated.Take(5).Select(r => $"{r.Path} by {string.Join(", ", r.By)}")) +
          (Repeated.Count > 5 ? "; …" : "");
}
