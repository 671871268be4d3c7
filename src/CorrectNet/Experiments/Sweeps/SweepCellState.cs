
namespace CorrectNet.Experiments.Sweeps;

/// <summary>Where a cell of a running sweep stands.</summary>
public enum SweepCellState
{
    /// <summary>Being computed; the status text says what it does.</summary>
    Running,
    /// <summary>Already finished by an earlier run with the same settings: reused, not recomputed.</summary>
    Skipped,
    /// <summary>Computed and written by this run.</summary>
    Finished,
}
