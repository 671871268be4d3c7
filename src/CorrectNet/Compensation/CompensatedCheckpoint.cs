using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Compensation;

/// <summary>
/// A compensated model in one file, laid out like <see cref="Checkpoint"/> (the <see cref="CheckpointContainer"/>
/// layout: preamble with SHA-256 checksums, UTF-8 JSON <see cref="CompensatedCheckpointHeader"/>, body), the body
/// being the state dict of the whole <see cref="CompensatedModel"/> (base weights under their own names, units under
/// "compensation."). Written atomically; every checksum is checked before anything is loaded (a file of the older
/// format without checksums loads as before, unverified, with a once-per-process warning on stderr).
/// A plain checkpoint and a compensated one are told apart by the header's Format.
/// </summary>
public static class CompensatedCheckpoint
{
    public static void Save(string path, CompensatedModel model, CheckpointHeader baseHeader,
        CompensationTrainingConfig? training = null)
    {
        var header = new CompensatedCheckpointHeader(CompensatedCheckpointHeader.CurrentFormat, CorrectNetInfo.Version,
            baseHeader, model.Specs, training, DateTime.UtcNow);
        CheckpointContainer.Write(path, header, writer => model.save(writer));
    }

    /// <summary>Rebuilds base model (from the header's spec) and units, and loads every weight.</summary>
    public static (CompensatedCheckpointHeader Header, CompensatedModel Model) Load(string path, Device? device = null)
    {
        using var file = CheckpointContainer.OpenRead(path);
        var header = JsonFormat.Deserialize<CompensatedCheckpointHeader>(file.HeaderJson, path);
        if (header.Format != CompensatedCheckpointHeader.CurrentFormat)
            throw new InvalidDataException(
                $"{path}: checkpoint format '{header.Format}', expected a compensated checkpoint " +
                $"('{CompensatedCheckpointHeader.CurrentFormat}'); load plain ones with Checkpoint.Load.");
        // A legacy file predates this check and was always read without it; reading it as before keeps its results.
        if (!file.IsLegacy) CheckpointContainer.RequireNotNewer(path, header.LibraryVersion);
        var spec = header.Base.Setup.Model;
        file.VerifyBody($"the weights of the compensated '{spec.Name}'");
        var reader = file.Reader;
        torch.zeros(1).Dispose(); // loads the native library before the first nn.Module (see environment.md)
        var baseModel = ModelZoo.Create(spec);
        var model = new CompensatedModel(baseModel, header.Units, [spec.InChannels, spec.ImageSize, spec.ImageSize],
            header.Training?.Seed ?? 1);
        try
        {
            model.load(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException
                                      or IOException)
        {
            model.Dispose();
            throw new InvalidDataException($"{path}: weights do not fit the compensated '{spec.Name}': {e.Message}", e);
        }
        if (device is not null) model.to(device);
        return (header, model);
    }
}
