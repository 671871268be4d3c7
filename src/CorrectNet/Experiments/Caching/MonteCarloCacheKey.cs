using System.Text.Json.Serialization;
using CorrectNet.Crossbar;
using CorrectNet.Training;

namespace CorrectNet.Experiments.Caching;

/// <summary>
/// Everything a cached Monte-Carlo result depends on: the trained model's setup, the hardware, the chips, the test
/// images (first <see cref="TestImages"/> of <see cref="TestSet"/>), the calibration images (first
/// <see cref="CalibrationImages"/> of <see cref="CalibrationSet"/>), the batch size (it orders the ADC-noise draws)
/// and the ADC energy model, and the images of a per-chip BatchNorm re-estimation. <see cref="ResultCache.KeyOf"/>
/// adds the library version.
/// </summary>
[CacheKeyName("CorrectNet.Experiments.MonteCarloCacheKey")]
internal sealed record MonteCarloCacheKey(
    TrainingSetup Model,
    CrossbarConfig Crossbar,
    int Chips,
    long Seed,
    long FirstChip,
    string TestSet,
    long TestImages,
    string CalibrationSet,
    long CalibrationImages,
    int BatchSize,
    AdcEnergyModel Energy)
{
    /// <summary>Training images of the per-chip BatchNorm re-estimation (F36a); null (left out of the key, so the keys
    /// of before stay) when the run asks for none or the model has no BatchNorm to re-estimate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? BatchNormImages { get; init; }
}
