
namespace CorrectNet.Experiments.Sweeps;

/// <summary>What a sweep run did: cells of the grid and of this shard, how many it computed and reused, where the table
/// is.</summary>
/// <remarks>
/// <para>ResultsCsv: &lt;out&gt;/results.csv: every finished cell of the grid found in the output folder, in canonical
/// order.</para>
/// <para>FinishedInFolder: Cells of the grid (any shard) finished in the output folder after this run.</para>
/// </remarks>
public sealed record SweepRunSummary(
    SweepShard Shard,
    int GridCells,
    int ShardCells,
    int Computed,
    int Skipped,
    int FinishedInFolder,
    double Seconds,
    string ResultsCsv);
