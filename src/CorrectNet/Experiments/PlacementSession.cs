using CorrectNet.Data;
using CorrectNet.Placement;
using static TorchSharp.torch;

namespace CorrectNet.Experiments;

/// <summary>
/// A placement environment backed by real compensation training (from <see cref="CompensationRecipes.OpenPlacement"/>),
/// with the test subset and calibration batch it owns. Run any search on <see cref="Environment"/>; dispose when done.
/// </summary>
public sealed class PlacementSession : IDisposable
{
    private readonly ImageDataset _test;
    private readonly Tensor? _calibration;

    internal PlacementSession(ImageDataset test, Tensor? calibration, double cleanAccuracy)
    {
        _test = test;
        _calibration = calibration;
        CleanAccuracy = cleanAccuracy;
    }

    public PlacementEnvironment? Environment { get; internal set; }
    /// <summary>Digital accuracy of the base model on the evaluation images.</summary>
    public double CleanAccuracy { get; }
    /// <summary>Placements trained in this session (not found in the on-disk cache).</summary>
    public int Trained { get; internal set; }

    public void Dispose()
    {
        _test.Dispose();
        _calibration?.Dispose();
    }
}
