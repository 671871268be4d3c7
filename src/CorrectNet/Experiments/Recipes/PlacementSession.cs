using CorrectNet.Data;
using CorrectNet.Placement;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// A placement environment backed by real compensation training (from <see cref="CompensationRecipes.OpenPlacement"/>),
/// with the test subset and calibration batch it owns. Run any search on <see cref="Environment"/>; dispose when done.
/// </summary>
public sealed class PlacementSession : IDisposable
{
    private readonly ImageDataset _test;
    private readonly Tensor? _calibration;
    private readonly Func<int> _trained;

    internal PlacementSession(PlacementEnvironment environment, ImageDataset test, Tensor? calibration,
        double cleanAccuracy, Func<int> trained)
    {
        Environment = environment;
        _test = test;
        _calibration = calibration;
        _trained = trained;
        CleanAccuracy = cleanAccuracy;
    }

    /// <summary>The environment: pass it to <see cref="ReinforceAgent.Run"/> or any of <see
    /// cref="PlacementSearches"/>.</summary>
    public PlacementEnvironment Environment { get; }
    /// <summary>Digital accuracy of the base model on the evaluation images.</summary>
    public double CleanAccuracy { get; }
    /// <summary>Placements trained in this session (not found in the on-disk cache).</summary>
    public int Trained => _trained();

    public void Dispose()
    {
        _test.Dispose();
        _calibration?.Dispose();
    }
}
