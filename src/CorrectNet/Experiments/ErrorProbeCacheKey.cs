using CorrectNet.Crossbar;
using CorrectNet.Training;

namespace CorrectNet.Experiments;

/// <summary>Everything a cached error-amplification curve depends on (the library version is added by <see cref="ResultCache.KeyOf"/>).</summary>
internal sealed record ErrorProbeCacheKey(
    TrainingSetup Model,
    CrossbarConfig Crossbar,
    string ImageSet,
    long Images,
    int Chips,
    long Seed,
    long FirstChip,
    string CalibrationSet,
    long CalibrationImages);
