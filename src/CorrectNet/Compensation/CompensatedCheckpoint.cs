using System.Text;
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
    private static readonly byte[] Magic = "CNCKPT01"u8.ToArray();

    public static void Save(string path, CompensatedModel model, CheckpointHeader baseHeader, CompensationTrainingConfig? training = null)
    {
        var header = new CompensatedCheckpointHeader(CompensatedCheckpointHeader.CurrentFormat, CorrectNetInfo.Version, baseHeader,
            model.Specs, training, DateTime.UtcNow);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            byte[] json = Encoding.UTF8.GetBytes(JsonFormat.Serialize(header));
            writer.Write(json.Length);
            writer.Write(json);
            model.save(writer);
        });
    }

    /// <summary>Rebuilds base model (from the header's spec) and units, and loads every weight.</summary>
    public static (CompensatedCheckpointHeader Header, CompensatedModel Model) Load(string path, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        byte[] magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a CorrectNet checkpoint (magic bytes differ).");
        if (reader.BaseStream.Length - reader.BaseStream.Position < sizeof(int))
            throw new InvalidDataException($"{path} is truncated: it ends before the header length.");
        int length = reader.ReadInt32();
        if (length <= 0 || length > 64 << 20) throw new InvalidDataException($"{path}: corrupt header length {length}.");
        byte[] json = reader.ReadBytes(length);
        if (json.Length != length) throw new InvalidDataException($"{path} is truncated: its header has {json.Length} of {length} bytes.");
        string text = Encoding.UTF8.GetString(json);
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
