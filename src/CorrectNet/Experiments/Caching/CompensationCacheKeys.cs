using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Training;

namespace CorrectNet.Experiments.Caching;

/// <summary>Everything a cached placement outcome (or compensated model) depends on; <see cref="ResultCache.KeyOf"/>
/// adds the library version.</summary>
[CacheKeyName("CorrectNet.Experiments.PlacementCacheKey")]
internal sealed record PlacementCacheKey(
    TrainingSetup Model,
    CrossbarConfig Crossbar,
    string Placement,
    CompensationTrainingConfig Training,
    int Chips,
    long Seed,
    string TestSet,
    long TestImages,
    string CalibrationSet,
    long CalibrationImages);

/// <summary>Everything a cached sensitivity list depends on.</summary>
[CacheKeyName("CorrectNet.Experiments.SensitivityCacheKey")]
internal sealed record SensitivityCacheKey(
    TrainingSetup Model,
    CrossbarConfig Crossbar,
    int Chips,
    long Seed,
    string TestSet,
    long TestImages,
    string CalibrationSet,
    long CalibrationImages);
