using System.Globalization;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>, written "i/n" with 0 ≤ i &lt; n (0-based, like a Slurm array
/// --array=0-(n−1)): it takes the cells whose canonical index k has k mod n = i. The n shards partition the grid.
/// </summary>
public sealed record SweepShard(int Index, int Count)
{
    public static SweepShard All { get; } = new(0, 1);

    public bool Contains(SweepCell cell) => cell.Index % Count == Index;

    public override string ToString() => $"{Index}/{Count}";

    /// <exception cref="ArgumentException">Not "i/n" with integers 0 ≤ i &lt; n; the message quotes the
    /// text.</exception>
    public static SweepShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new ArgumentException($"Shard '{text}' is not of the form i/n (e.g. 0/4; i counts from 0).");
        if (count < 1)
            throw new ArgumentException($"Shard '{text}': n must be at least 1.");
        if (index >= count)
            throw new ArgumentException($"Shard '{text}': i must be in 0 … {count - 1} (shards count from 0).");
        return new SweepShard(index, count);
    }
}
