using System.Text;

namespace CorrectNet.Training;

/// <summary>
/// The checkpoint file layout shared by plain and compensated checkpoints: "CNCKPT01", the header's JSON length
/// (int32) and UTF-8 JSON, then the body (weights, …). Written atomically (temp file + rename).
/// </summary>
internal static class CheckpointContainer
{
    private static readonly byte[] Magic = "CNCKPT01"u8.ToArray();
    private const int MaxHeaderBytes = 64 << 20;

    public static void Write<THeader>(string path, THeader header, Action<BinaryWriter> body) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            byte[] json = Encoding.UTF8.GetBytes(JsonFormat.Serialize(header));
            writer.Write(json.Length);
            writer.Write(json);
            body(writer);
        });

    /// <summary>Opens <paramref name="path"/> and reads its header's JSON; the reader is left at the body.</summary>
    public static (BinaryReader Reader, string HeaderJson) OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            byte[] magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"{path} is not a CorrectNet checkpoint (magic bytes differ).");
            if (reader.BaseStream.Length - reader.BaseStream.Position < sizeof(int))
                throw new InvalidDataException($"{path} is truncated: it ends before the header length.");
            int length = reader.ReadInt32();
            if (length <= 0 || length > MaxHeaderBytes) throw new InvalidDataException($"{path}: corrupt header length {length}.");
            byte[] json = reader.ReadBytes(length);
            if (json.Length != length)
                throw new InvalidDataException($"{path} is truncated: its header has {json.Length} of {length} bytes.");
            return (reader, Encoding.UTF8.GetString(json));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }
}
