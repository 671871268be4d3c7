using CorrectNet.Data;
using CorrectNet.Models;
using CorrectNet.Training;

namespace CorrectNet.Experiments;

/// <summary>The setups notebooks and CLI share, so both train (and cache) exactly the same models.</summary>
public static class Recipes
{
    /// <summary>Data options for a model under a profile: 32×32 padding when the model needs it, the profile's subset sizes.</summary>
    public static DatasetOptions DataFor(string model, ExperimentProfile profile) =>
        new(PadTo32: ModelZoo.MinimumImageSize(model) > 28, MaxTrain: profile.MaxTrain, MaxTest: profile.MaxTest);

    /// <summary>The model's input and output sizes read off the data set.</summary>
    public static ModelSpec SpecFor(string model, ImageDataset data, double widthMultiplier = 1.0, bool batchNorm = true) =>
        new(model,
            InChannels: (int)data.Images.shape[1],
            ImageSize: (int)data.Images.shape[2],
            Classes: data.Classes,
            WidthMultiplier: widthMultiplier,
            BatchNorm: batchNorm);

    /// <summary>The kit's standard training of <paramref name="model"/> on <paramref name="dataset"/> under a profile.</summary>
    public static TrainingSetup StandardTraining(string model, string dataset, DatasetSplits data, ExperimentProfile profile, long seed = 1) =>
        new(SpecFor(model, data.Train), dataset, DataFor(model, profile), new TrainingConfig { Epochs = profile.Epochs, Seed = seed });
}
