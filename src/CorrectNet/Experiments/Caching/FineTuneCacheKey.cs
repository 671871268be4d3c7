using CorrectNet.Training;

namespace CorrectNet.Experiments.Caching;

/// <summary>
/// The cache folder of one quantization-aware fine-tuning: the trained model's setup, the chosen setting's canonical
/// key and the fine-tuning setup (a named type, so the key does not hang on a compiler-generated name).
/// </summary>
public sealed record FineTuneCacheKey(TrainingSetup Trained, string Setting, TrainingSetup FineTune);
