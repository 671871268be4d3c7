using CorrectNet.Data;
using CorrectNet.Placement;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// A placement environment backed by compensation training (from <see cref="CompensationRecipes.OpenPlacement"/>),
/// with the test subset, calibration batch and shared units it owns. Run any search on <see cref="Environment"/>;
/// dispose when done, and before making another analog twin of the same model (shared units hook its layers).
/// </summary>
public sealed class PlacementSession : IDisposable
{
    private readonly ImageDataset _test;
    private readonly Tensor? _calibration;
    private readonly IDisposable? _shared;
    private readonly Func<int> _scored;

    internal PlacementSession(PlacementEnvironment environment, PlacementScoring scoring, ImageDataset test,
        Tensor? calibration, IDisposable? shared, double cleanAccuracy, Func<int> scored)
    {
        Environment = environment;
        Scoring = scoring;
        _test = test;
        _calibration = calibration;
        _shared = shared;
        _scored = scored;
        CleanAccuracy = cleanAccuracy;
    }

    /// <summary>The environment: pass it to <see cref="ReinforceAgent.Run"/> or any of <see
    /// cref="PlacementSearches"/>.</summary>
    public PlacementEnvironment Environment { get; }

    /// <summary>How the environment scores a placement it has not seen.</summary>
    public PlacementScoring Scoring { get; }

    /// <summary>Digital accuracy of the base model on the evaluation images.</summary>
    public double CleanAccuracy { get; }

    /// <summary>Placements scored in this session (not found in the on-disk cache).</summary>
    public int Trained => _scored();

    public void Dispose()
    {
        _shared?.Dispose();
        _test.Dispose();
        _calibration?.Dispose();
    }
}
