using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Experiments.Results;

/// <summary>A model with the checkpoint header that says how it was made (setup, history per epoch).</summary>
public sealed record TrainedModel(nn.Module<Tensor, Tensor> Model, CheckpointHeader Header, string CheckpointPath,
    bool FromCache) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
