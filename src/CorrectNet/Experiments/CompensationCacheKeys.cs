using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Training;

namespace CorrectNet.Experiments;

/// <summary>Everything a cached placement outcome (or compensated model) depends on; <see cref="ResultCache.KeyOf"/> adds the library version.</summary>
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
internal sealed record SensitivityCacheKey(
    TrainingSetup Model,
    CrossbarConfig Crossbar,
    int Chips,
    long Seed,
    string TestSet,
    long TestImages,
    string CalibrationSet,
    long CalibrationImages);
