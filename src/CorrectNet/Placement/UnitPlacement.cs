namespace CorrectNet.Placement;

/// <summary>
/// Where compensation units go: one entry per analog layer in forward order, 0 = no unit, r &gt; 0 = a unit of width r.
/// Value equality over the widths; <see cref="Key"/> is the cache key ("0,4,0,15,0").
/// </summary>
public sealed record UnitPlacement(IReadOnlyList<int> Widths)
{
    public int Layers => Widths.Count;
    public int Units => Widths.Count(w => w > 0);
    public bool Has(int layer) => Widths[layer] > 0;
    public string Key => string.Join(",", Widths);

    public bool Equals(UnitPlacement? other) => other is not null && Widths.SequenceEqual(other.Widths);
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => $"[{Key}]";

    /// <summary>No unit on any of <paramref name="layers"/> layers.</summary>
    public static UnitPlacement None(int layers) => new(new int[layers]);
}
