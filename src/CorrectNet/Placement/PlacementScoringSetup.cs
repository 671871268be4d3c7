using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using static TorchSharp.torch;

namespace CorrectNet.Placement;

/// <summary>
/// What a placement evaluator scores on, per-placement (<see cref="CompensationPlacementEvaluator"/>, F31) or shared
/// (<see cref="WeightSharingPlacementEvaluator"/>, F38): the units train on <see cref="Train"/> with chips of
/// <see cref="CompensationTrainingConfig.ChipSeed"/>, and every placement is measured on evaluation chips
/// 0 … <see cref="Chips"/> − 1 of <see cref="Seed"/> and <see cref="Test"/>, which training never saw.
/// </summary>
/// <param name="Model">The trained base model (shared; left as it was).</param>
/// <param name="Config">The hardware (σ, mapping).</param>
/// <param name="Layers">The analog layers in forward order (the placement's entries).</param>
/// <param name="Train">Images the units train on.</param>
/// <param name="Test">Images the accuracy is measured on.</param>
/// <param name="Training">Compensation training (for weight sharing: the one shared training); its ChipSeed must
/// differ from <paramref name="Seed"/>.</param>
/// <param name="Chips">Evaluation chips per placement.</param>
/// <param name="Seed">Seed of the evaluation chips.</param>
/// <param name="CalibrationImages">Calibration batch when the configuration quantizes inputs or uses ADCs (owned by
/// the caller); ranges are those of the model with identity units (F28).</param>
/// <param name="Device">Where the model lives.</param>
public sealed record PlacementScoringSetup(
    nn.Module<Tensor, Tensor> Model,
    CrossbarConfig Config,
    IReadOnlyList<string> Layers,
    ImageDataset Train,
    ImageDataset Test,
    CompensationTrainingConfig Training,
    int Chips,
    long Seed,
    Tensor? CalibrationImages = null,
    Device? Device = null)
{
    /// <summary>Shape of one input image.</summary>
    public long[] InputShape => Test.Images.shape[1..];

    /// <summary>
    /// At least one evaluation chip, none drawn from the seed the units train on (so no evaluator reports accuracy
    /// on chips its units have seen), and a valid training.
    /// </summary>
    /// <exception cref="ArgumentException">Either rule broken; the message names the seeds or the count.</exception>
    public PlacementScoringSetup Validate()
    {
        if (Chips < 1) throw new ArgumentOutOfRangeException(nameof(Chips), Chips, "At least one chip.");
        if (Training.ChipSeed == Seed)
            throw new ArgumentException(
                $"Training chips (seed {Training.ChipSeed}) must not be the evaluation chips (seed {Seed}).",
                nameof(Training));
        Training.Validate();
        return this;
    }
}
