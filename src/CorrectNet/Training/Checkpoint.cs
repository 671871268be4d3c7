using CorrectNet.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Training;

/// <summary>
/// A checkpoint in the <see cref="CheckpointContainer"/> layout (preamble with SHA-256 checksums, UTF-8 JSON
/// <see cref="CheckpointHeader"/>, body); the body is the model's TorchSharp state dict, a flag byte, and (flag 1) the
/// optimizer's state for resuming. Written atomically (temp file + rename). Loading checks every checksum first, so a
/// damaged or truncated file is an <see cref="InvalidDataException"/> naming the file and the damaged part. A file of
/// the older format without checksums loads as before, unverified, with a once-per-process warning on stderr.
/// </summary>
public static class Checkpoint
{
    public static void Save(string path, CheckpointHeader header, nn.Module model, OptimizerHelper? optimizer = null)
    {
        CheckpointContainer.Write(path, header, writer =>
        {
            model.save(writer);
            writer.Write(optimizer is null ? (byte)0 : (byte)1);
            optimizer?.save_state_dict(writer);
        });
    }

    /// <summary>
    /// The header, checked against its checksum, and the file's length; the weights are not hashed (see
    /// <see cref="Verify"/>).
    /// </summary>
    public static CheckpointHeader ReadHeader(string path)
    {
        using var file = CheckpointContainer.OpenRead(path);
        var header = ParseHeader(file);
        file.CheckLength(Contents(header));
        return header;
    }

    /// <summary>
    /// The header, after checking header and weights against their checksums: what a finished run reports from its
    /// history is only trusted when the weights it describes are intact. An older-format file cannot be verified: it
    /// is read as it is (with the once-per-process warning).
    /// </summary>
    public static CheckpointHeader Verify(string path)
    {
        using var file = CheckpointContainer.OpenRead(path);
        var header = ParseHeader(file);
        file.VerifyBody(Contents(header));
        return header;
    }

    /// <summary>
    /// Rebuilds the model from the header's spec and loads its weights. When <paramref name="expected"/> is given and
    /// differs, throws naming every differing field.
    /// </summary>
    public static (CheckpointHeader Header, nn.Module<Tensor, Tensor> Model) Load(
        string path, TrainingSetup? expected = null, Device? device = null)
    {
        var header = ReadHeader(path);
        if (expected is not null) RequireMatch(path, expected, header.Setup);
        torch.zeros(1).Dispose(); // loads the native library before the first nn.Module (see environment.md)
        var model = ModelZoo.Create(header.Setup.Model);
        LoadInto(path, model, optimizer: null);
        if (device is not null) model.to(device);
        return (header, model);
    }

    /// <summary>Loads weights (and optimizer state when both file and caller have it) into existing objects.</summary>
    public static CheckpointHeader LoadInto(string path, nn.Module model, OptimizerHelper? optimizer)
    {
        using var file = CheckpointContainer.OpenRead(path);
        var header = ParseHeader(file);
        file.VerifyBody(Contents(header));
        var reader = file.Reader;
        try
        {
            model.load(reader);
            bool hasOptimizer = reader.ReadByte() == 1;
            if (hasOptimizer && optimizer is not null) optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException
            or IOException)
        {
            throw new InvalidDataException(
                $"{path}: weights do not fit model '{header.Setup.Model.Name}': {e.Message}", e);
        }
        return header;
    }

    public static void RequireMatch(string path, TrainingSetup expected, TrainingSetup found)
    {
        var differences = JsonFormat.Differences(expected, found);
        if (differences.Count > 0)
            throw new InvalidDataException(
                $"{path} was trained with a different setup (expected → in file):\n  " +
                string.Join("\n  ", differences));
    }

    private static CheckpointHeader ParseHeader(CheckpointFile file)
    {
        string path = file.Path;
        var header = JsonFormat.Deserialize<CheckpointHeader>(file.HeaderJson, path);
        if (header.Format != CheckpointHeader.CurrentFormat)
            throw new InvalidDataException(
                $"{path}: checkpoint format '{header.Format}', this library reads '{CheckpointHeader.CurrentFormat}'.");
        // A legacy file predates this check and was always read without it; reading it as before keeps its results.
        if (!file.IsLegacy) CheckpointContainer.RequireNotNewer(path, header.LibraryVersion);
        return header;
    }

    private static string Contents(CheckpointHeader header) => $"the weights of '{header.Setup.Model.Name}'";
}
