using CorrectNet.Data;
using CorrectNet.Models;
using CorrectNet.Training;

namespace CorrectNet.Experiments.Profiles;

/// <summary>The setups notebooks and CLI share, so both train (and cache) exactly the same models.</summary>
public static class ModelSetups
{
    /// <summary>Data options for a model under a profile: 32×32 padding when the model needs it, the profile's subset
    /// sizes.</summary>
    public static DatasetOptions DataFor(string model, ExperimentProfile profile) =>
        new(PadTo32: ModelZoo.MinimumImageSize(model) > 28, MaxTrain: profile.Training.MaxTrain,
            MaxTest: profile.Training.MaxTest);

    /// <summary>The model's input and output sizes read off the data set.</summary>
    public static ModelSpec SpecFor(string model, ImageDataset data, double widthMultiplier = 1.0,
        bool batchNorm = true) =>
        new(model,
            InChannels: (int)data.Images.shape[1],
            ImageSize: (int)data.Images.shape[2],
            Classes: data.Classes,
            WidthMultiplier: widthMultiplier,
            BatchNorm: batchNorm);

    /// <summary>The kit's standard training of <paramref name="model"/> on <paramref name="dataset"/> under a
    /// profile.</summary>
    public static TrainingSetup StandardTraining(string model, string dataset, DatasetSplits data,
        ExperimentProfile profile, long seed = 1) =>
        new(SpecFor(model, data.Train), dataset, DataFor(model, profile),
            new TrainingConfig
            {
                Epochs = profile.Training.Epochs,
                Seed = seed,
                Precision = profile.Training.Precision,
            });

    /// <summary>How figures and tables name a zoo model: "LeNet-5", "VGG-16", "ResNet-18", "MLP", …</summary>
    public static string DisplayName(string model) => model.Trim().ToLowerInvariant() switch
    {
        "lenet5" => "LeNet-5",
        "vgg11" => "VGG-11",
        "vgg16" => "VGG-16",
        "resnet18" => "ResNet-18",
        "mlp" => "MLP",
        var other => other,
    };

    /// <summary>Whether <paramref name="model"/> is one of the VGG variants (the nets the profile's VGG width and
    /// epochs apply to).</summary>
    public static bool IsVgg(string model) => Vgg.Variants.Contains(model.Trim().ToLowerInvariant());

    /// <summary>The width multiplier a profile gives <paramref name="model"/>: <see cref="TrainingBudget.VggWidth"/>
    /// for VGG, else 1.</summary>
    public static double WidthFor(string model,
        ExperimentProfile profile) => IsVgg(model) ? profile.Training.VggWidth : 1.0;

    /// <summary>
    /// <see cref="StandardTraining"/> scaled to what the profile affords: VGG at the profile's width and epochs
    /// (<see cref="TrainingBudget.VggWidth"/>, <see cref="TrainingBudget.VggEpochs"/>); every other model is
    /// exactly <see cref="StandardTraining"/> (same setup, same cache entry).
    /// </summary>
    public static TrainingSetup ProfileTraining(string model, string dataset, DatasetSplits data,
        ExperimentProfile profile, long seed = 1)
    {
        var standard = StandardTraining(model, dataset, data, profile, seed);
        if (!IsVgg(model)) return standard;
        return standard with
        {
            Model = SpecFor(model, data.Train, profile.Training.VggWidth),
            Training = standard.Training with
            {
                Epochs = profile.Training.VggEpochs ?? profile.Training.Epochs,
                LearningRate = profile.Training.VggLearningRate ?? standard.Training.LearningRate,
            },
        };
    }
}
