using CorrectNet.Training;

namespace CorrectNet.Compensation;

/// <summary>
/// JSON header of a compensated checkpoint: the base model's own header (how it was trained), the units (layer and
/// resolved width), and how they were trained (null if not recorded).
/// </summary>
public sealed record CompensatedCheckpointHeader(
    string Format,
    string LibraryVersion,
    CheckpointHeader Base,
    IReadOnlyList<CompensationSpec> Units,
    CompensationTrainingConfig? Training,
    DateTime SavedUtc)
{
    public const string CurrentFormat = "correctnet-compensated/1";
}
