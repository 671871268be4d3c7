
namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// A finished cell as stored in &lt;out&gt;/cells/&lt;cell id&gt;.json: the cell (every resolved setting), the whole
/// grid
/// it belongs to, what produced it (library version, git commit, host, device, torch's thread count, shard) and when,
/// its
/// training and its per-σ results. Threads is null in records written before it was recorded; CPU kernels round
/// differently at another count (docs/method.md F5). The file's existence marks the cell finished; it is written last
/// and atomically.
/// </summary>
public sealed record SweepCellRecord(
    string Format,
    SweepCell Cell,
    SweepGrid Grid,
    string? GridFile,
    string Shard,
    string LibraryVersion,
    string? GitCommit,
    string Host,
    string Device,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    double Seconds,
    SweepTrainingSummary? Training,
    IReadOnlyList<SweepSigmaResult> Results,
    int? Threads = null)
{
    public const string CurrentFormat = "correctnet-sweep-cell/1";

    /// <summary>The table rows of this cell, one per σ in the cell's σ order.</summary>
    public IReadOnlyList<SweepRow> Rows() => Results.Select(r => SweepRow.Of(Cell, Training, r)).ToArray();

    /// <summary>Whether the results (and the trained model's test accuracy) equal those of <paramref name="other"/>,
    /// bit for bit.</summary>
    public bool SameNumbers(SweepCellRecord other) =>
        Results.Count == other.Results.Count
        && Results.Zip(other.Results).All(pair => pair.First.SameNumbers(pair.Second))
        && Nullable.Equals(Training?.TestAccuracy, other.Training?.TestAccuracy);
}
