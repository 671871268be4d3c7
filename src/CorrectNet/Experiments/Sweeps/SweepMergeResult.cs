
namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// Shards combined: the grid, its finished cells in canonical order (duplicates removed), the cells no folder had,
/// and the files that belong to no cell of the grid (only when merging against a given grid).
/// </summary>
public sealed record SweepMergeResult(
    SweepGrid Grid,
    IReadOnlyList<SweepCellRecord> Cells,
    IReadOnlyList<SweepCell> Missing,
    IReadOnlyList<string> Ignored,
    int FilesRead)
{
    /// <summary>All rows: cells in canonical order, σ in each cell's order.</summary>
    public IReadOnlyList<SweepRow> Rows => Cells.SelectMany(c => c.Rows()).ToArray();

    public int GridCells => Cells.Count + Missing.Count;
}
