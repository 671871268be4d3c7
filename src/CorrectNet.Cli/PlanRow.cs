namespace CorrectNet.Cli;

/// <summary>
/// One notebook of reproduce's plan (docs/method.md F41).
/// </summary>
/// <param name="Notebook">File name without extension.</param>
/// <param name="Present">Entries of the last recorded run present in the cache now (null: no record).</param>
/// <param name="Entries">Entries the last recorded run asked for (null: no record).</param>
/// <param name="EstimateSeconds">Estimated wall seconds, or null when unknown.</param>
/// <param name="Basis">What the estimate rests on, for the table.</param>
internal sealed record PlanRow(string Notebook, int? Present, int? Entries, double? EstimateSeconds, string Basis)
{
    /// <summary>Every entry of the last run is present: nothing to compute, as far as the record knows.</summary>
    public bool Cached => Entries is { } m && Present == m;
}
