using CorrectNet.Crossbar;
using CorrectNet.Training;

namespace CorrectNet.Experiments.Caching;

/// <summary>Everything a cached error-amplification curve depends on (the library version is added by <see
/// cref="ResultCache.KeyOf"/>).</summary>
[CacheKeyName("CorrectNet.Experiments.ErrorProbeCacheKey")]
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
