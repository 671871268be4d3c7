using CorrectNet.Data;
using CorrectNet.Models;

namespace CorrectNet.Training;

/// <summary>What a trained model is a function of: architecture, data and training recipe.</summary>
public sealed record TrainingSetup(ModelSpec Model, string Dataset, DatasetOptions Data, TrainingConfig Training);
