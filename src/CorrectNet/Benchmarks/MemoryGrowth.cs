namespace CorrectNet.Benchmarks;

/// <summary>
/// Resident set size in bytes of the float-mode Monte-Carlo loop: before it, after chip
/// <see cref="SimulatorBench.MemoryFirstCheckpoint"/> and after chip <see cref="SimulatorBench.MemoryChips"/>.
/// </summary>
public sealed record MemoryGrowth(long StartBytes, long Chip10Bytes, long Chip100Bytes)
{
    /// <summary>Relative growth from the first checkpoint to the last (0.1 = 10%).</summary>
    public double Growth => (double)(Chip100Bytes - Chip10Bytes) / Chip10Bytes;

    /// <summary>Growth per chip between the checkpoints, in bytes.</summary>
    public double BytesPerChip =>
        (double)(Chip100Bytes - Chip10Bytes) / (SimulatorBench.MemoryChips - SimulatorBench.MemoryFirstCheckpoint);
}
