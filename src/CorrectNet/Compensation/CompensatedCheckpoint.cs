using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Compensation;

/// <summary>
/// A compensated model in one file, laid out like <see cref="Checkpoint"/>: 8 magic bytes "CNCKPT01", int32 header
/// length, UTF-8 JSON <see cref="CompensatedCheckpointHeader"/>, then the state dict of the whole
/// <see cref="CompensatedModel"/> (base weights under their own names, units under "compensation."). Written atomically.
/// A plain checkpoint and a compensated one are told apart by the header's Format.
/// </summary>
public static class CompensatedCheckpoint
{
    public static void Save(string path, CompensatedModel model, CheckpointHeader baseHeader, CompensationTrainingConfig? training = null)
    {
        var header = new CompensatedCheckpointHeader(CompensatedCheckpointHeader.CurrentFormat, CorrectNetInfo.Version, baseHeader,
            model.Specs, training, DateTime.UtcNow);
        CheckpointContainer.Write(path, header, writer => model.save(writer));
    }

    /// <summary>Rebuilds base model (from the header's spec) and units, and loads every weight.</summary>
    public static (CompensatedCheckpointHeader Header, CompensatedModel Model) Load(string path, Device? device = null)
    {
        var (reader, text) = CheckpointContainer.OpenRead(path);
        using var _ = reader;
        var header = JsonFormat.Deserialize<CompensatedCheckpointHeader>(text, path);
        if (header.Format != CompensatedCheckpointHeader.CurrentFormat)
            throw new InvalidDataException($"{path}: checkpoint format '{header.Format}', expected a compensated checkpoint " +
                                           $"('{CompensatedCheckpointHeader.CurrentFormat}'); load plain ones with Checkpoint.Load.");
        torch.zeros(1).Dispose(); // loads the native library before the first nn.Module (see environment.md)
        var spec = header.Base.Setup.Model;
        var baseModel = ModelZoo.Create(spec);
        var model = new CompensatedModel(baseModel, header.Units, [spec.InChannels, spec.ImageSize, spec.ImageSize], header.Training?.Seed ?? 1);
        try
        {
            model.load(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            model.Dispose();
            throw new InvalidDataException($"{path}: weights do not fit the compensated '{spec.Name}': {e.Message}", e);
        }
        if (device is not null) model.to(device);
        return (header, model);
    }
}
