
namespace CorrectNet.Experiments.Sweeps;

/// <summary>A sweep's progress: cell <see cref="Position"/> (1-based) of the <see cref="Total"/> cells of this
/// shard.</summary>
/// <remarks>
/// <para>Seconds: Time spent on the cell so far (0 when skipped).</para>
/// </remarks>
public sealed record SweepProgress(SweepCell Cell, int Position, int Total, SweepCellState State, string? Status,
    double Seconds);
