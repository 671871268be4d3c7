using CorrectNet.Data;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// What a <see cref="SweepMethod"/> gets: the cell, its loaded data, the profile resolved for the cell, and the
/// context (cache, device, training progress, cancellation) it trains in.
/// </summary>
/// <remarks>
/// <para>Profile: The cell's profile with the cell's image counts and calibration size filled in.</para>
/// </remarks>
public sealed record SweepMethodContext(
    SweepCell Cell,
    DatasetSplits Data,
    ExperimentProfile Profile,
    ExperimentContext Context)
{
    /// <summary>
    /// The plain training of the cell: <see cref="ModelSetups.ProfileTraining"/> with the cell's seed and epochs (the
    /// same
    /// setup, hence the same cached model, as the notebooks when the grid overrides nothing).
    /// </summary>
    public TrainingSetup PlainSetup
    {
        get
        {
            var standard = ModelSetups.ProfileTraining(Cell.Model, Cell.Dataset, Data, Profile, Cell.Seed);
            return standard with { Training = standard.Training with { Epochs = Cell.Epochs } };
        }
    }

    /// <summary>Trains <paramref name="setup"/> or serves it from the context's cache
    /// (<see cref="TrainedModels.GetOrTrain"/>).</summary>
    public TrainedModel GetOrTrain(TrainingSetup setup) => TrainedModels.GetOrTrain(setup, Data, Context);
}
