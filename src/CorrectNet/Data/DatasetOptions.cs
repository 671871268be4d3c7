namespace CorrectNet.Data;

/// <summary>
/// How <see cref="DatasetRegistry.Load"/> prepares a dataset. <paramref name="PadTo32"/> zero-pads smaller images
/// (black border) to 32×32 centred; <paramref name="MaxTrain"/>/<paramref name="MaxTest"/> keep the first N images.
/// </summary>
public sealed record DatasetOptions(bool PadTo32 = false, int? MaxTrain = null, int? MaxTest = null);
