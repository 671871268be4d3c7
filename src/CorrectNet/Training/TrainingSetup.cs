using System.Text.Json.Serialization;
using CorrectNet.Data;
using CorrectNet.Models;

namespace CorrectNet.Training;

/// <summary>What a trained model is a function of: architecture, data and training recipe.</summary>
public sealed record TrainingSetup(ModelSpec Model, string Dataset, DatasetOptions Data, TrainingConfig Training)
{
    /// <summary>
    /// The setup whose trained weights (and BatchNorm statistics) this training starts from, i.e. a fine-tuning
    /// (docs/method.md F5c); null = weights drawn after <c>torch.manual_seed(Training.Seed)</c>. Left out of the JSON
    /// when null, so the cache keys and checkpoint headers of trainings from scratch are those written before.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TrainingSetup? Start { get; init; }
}
