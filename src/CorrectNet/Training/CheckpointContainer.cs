using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CorrectNet.Training;

/// <summary>
/// The checkpoint file layout shared by plain and compensated checkpoints (format "CNCKPT02"; all integers
/// little-endian):
/// <code>
///   0   8  magic "CNCKPT02"
///   8   4  int32 header length H
///  12   8  int64 body length B
///  20  32  SHA-256 of the header
///  52  32  SHA-256 of the body
///  84  32  SHA-256 of bytes 0..83 (the preamble above)
/// 116   H  header: UTF-8 JSON
/// 116+H B  body: TorchSharp state dict(s); the file ends exactly here
/// </code>
/// Every part has its own checksum so a damaged file is reported with the part that is damaged, and the lengths
/// make truncation (or appended bytes) visible before anything is parsed. Written atomically (temp file + rename).
/// The older "CNCKPT01" (magic, int32 header length, JSON, body; no checksums) is still read, unverified, with a
/// once-per-process warning (<see cref="UnverifiedFileWarning"/>): result caches full of such files took hours to
/// compute, and they load exactly as before. Nothing writes it any more.
/// </summary>
internal static class CheckpointContainer
{
    public const int PreambleBytes = 116;
    private const int MagicBytes = 8;
    private const int HeaderHashAt = 20;
    private const int BodyHashAt = 52;
    private const int PreambleHashAt = 84;
    private const int MaxHeaderBytes = 64 << 20;

    private static readonly byte[] Magic = "CNCKPT02"u8.ToArray();
    private static readonly byte[] LegacyMagic = "CNCKPT01"u8.ToArray();
    private static readonly byte[] MagicStem = "CNCKPT"u8.ToArray();

    public static void Write<THeader>(string path, THeader header, Action<BinaryWriter> body) =>
        AtomicFile.Write(path, stream =>
        {
            if (!stream.CanSeek) throw new InvalidOperationException("Checkpoints are written to seekable files.");
            byte[] json = Encoding.UTF8.GetBytes(JsonFormat.Serialize(header));
            // The preamble needs the body's length and hash: a placeholder now, the real one after the body.
            stream.Write(new byte[PreambleBytes]);
            stream.Write(json);
            byte[] bodyHash;
            long bodyLength;
            using (var hashing = new CheckpointHashingStream(stream))
            {
                using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true)) body(writer);
                bodyHash = hashing.Hash();
                bodyLength = hashing.Length;
            }
            stream.Position = 0;
            stream.Write(Preamble(json.Length, bodyLength, SHA256.HashData(json), bodyHash));
            stream.Position = stream.Length;
        });

    /// <summary>
    /// Opens <paramref name="path"/>, checks magic, preamble and header against their checksums and returns the
    /// header's JSON; the body is checked by <see cref="CheckpointFile.VerifyBody"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, a newer format, truncated or damaged; the message
    /// names the file and the part. A "CNCKPT01" file opens unverified (see the type's summary).</exception>
    public static CheckpointFile OpenRead(string path)
    {
        if (Directory.Exists(path))
            throw new InvalidDataException($"Checkpoint {path} is a directory; give the checkpoint file inside it.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint not found: {path}", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            long fileLength = stream.Length;
            var preamble = new byte[PreambleBytes];
            int read = stream.ReadAtLeast(preamble, PreambleBytes, throwOnEndOfStream: false);
            if (read >= MagicBytes && preamble.AsSpan(0, MagicBytes).SequenceEqual(LegacyMagic))
                return OpenLegacy(path, stream);
            RequireMagic(path, preamble.AsSpan(0, Math.Min(read, MagicBytes)), fileLength);
            if (read < PreambleBytes)
                throw new InvalidDataException(
                    $"{path} is truncated: it has {fileLength} bytes and ends inside the " +
                    $"{PreambleBytes}-byte preamble.");
            byte[] preambleHash = SHA256.HashData(preamble.AsSpan(0, PreambleHashAt));
            if (!preambleHash.AsSpan().SequenceEqual(preamble.AsSpan(PreambleHashAt)))
                throw new InvalidDataException(
                    $"{path} is damaged: its preamble (bytes 0–{PreambleBytes - 1}: lengths and checksums) does not " +
                    "match its SHA-256 checksum.");

            int headerLength = BinaryPrimitives.ReadInt32LittleEndian(preamble.AsSpan(MagicBytes));
            long bodyLength = BinaryPrimitives.ReadInt64LittleEndian(preamble.AsSpan(MagicBytes + 4));
            if (headerLength <= 0 || headerLength > MaxHeaderBytes || bodyLength < 0)
                throw new InvalidDataException($"{path} is damaged: its preamble gives header length {headerLength} " +
                                               $"and body length {bodyLength}.");
            long headerEnd = PreambleBytes + (long)headerLength;
            if (fileLength < headerEnd)
                throw new InvalidDataException(
                    $"{path} is truncated: it has {fileLength} of {headerEnd + bodyLength} bytes and ends " +
                    "inside the header.");
            var json = new byte[headerLength];
            stream.ReadExactly(json);
            if (!SHA256.HashData(json).AsSpan().SequenceEqual(preamble.AsSpan(HeaderHashAt, 32)))
                throw new InvalidDataException(
                    $"{path} is damaged: its header (bytes {PreambleBytes}–{headerEnd - 1}, the JSON with setup and " +
                    "history) does not match its SHA-256 checksum.");
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(json);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException($"{path}: its header is not UTF-8 although its checksum matches.", e);
            }
            return new CheckpointFile(path, stream, text, headerEnd, bodyLength, preamble[BodyHashAt..PreambleHashAt]);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a "CNCKPT01" checkpoint's header the way the kit did before checksums (same checks, same messages), so
    /// it loads exactly as it did; the body is read unverified (<see cref="CheckpointFile.IsLegacy"/>).
    /// </summary>
    private static CheckpointFile OpenLegacy(string path, FileStream stream)
    {
        UnverifiedFileWarning.Note(path);
        stream.Position = MagicBytes;
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (stream.Length - stream.Position < sizeof(int))
            throw new InvalidDataException($"{path} is truncated: it ends before the header length.");
        int length = reader.ReadInt32();
        if (length <= 0 || length > MaxHeaderBytes)
            throw new InvalidDataException($"{path}: corrupt header length {length}.");
        byte[] json = reader.ReadBytes(length);
        if (json.Length != length)
            throw new InvalidDataException($"{path} is truncated: its header has {json.Length} of {length} bytes.");
        return CheckpointFile.Legacy(path, stream, Encoding.UTF8.GetString(json), stream.Position);
    }

    /// <summary>
    /// Refuses a file written by a newer library: its format may hold what this version would misread (the
    /// checksums only say the file is as written, not that this reader understands it).
    /// </summary>
    public static void RequireNotNewer(string path, string? writtenBy)
    {
        if (writtenBy is null || ParseVersion(writtenBy) is not { } written)
            throw new InvalidDataException($"{path}: its header records library version '{writtenBy}', which this " +
                                           $"library ({CorrectNetInfo.Version}) cannot read as a version.");
        if (ParseVersion(CorrectNetInfo.Version) is { } running && written.CompareTo(running) > 0)
            throw new InvalidDataException(
                $"{path} was written by CorrectNet {writtenBy}, newer than this library ({CorrectNetInfo.Version}); " +
                "it may use a format this version misreads. Update the kit to read it.");
    }

    /// <summary>"1.2.3", "1.2.3-beta" or "1.2.3+sha" → 1.2.3 (the pre-release tag is not ordered).</summary>
    private static Version? ParseVersion(string text)
    {
        string core = text.Split('-', '+')[0];
        string[] parts = core.Split('.');
        if (parts.Length is < 2 or > 4) return null;
        return Version.TryParse(core, out var version) ? version : null;
    }

    private static void RequireMagic(string path, ReadOnlySpan<byte> magic, long fileLength)
    {
        if (magic.SequenceEqual(Magic)) return;
        if (magic.Length == MagicBytes && magic[..MagicStem.Length].SequenceEqual(MagicStem)
            && magic[MagicStem.Length..].SequenceCompareTo(Magic.AsSpan(MagicStem.Length)) > 0)
            throw new InvalidDataException(
                $"{path} is a checkpoint of the format {Encoding.ASCII.GetString(magic)}, newer than this library " +
                $"({CorrectNetInfo.Version}) reads ({Encoding.ASCII.GetString(Magic)}). Update the kit to read it.");
        if (magic.Length < MagicBytes && Magic.AsSpan(0, magic.Length).SequenceEqual(magic))
            throw new InvalidDataException($"{path} is truncated: it has {fileLength} bytes and ends inside the " +
                "magic bytes.");
        throw new InvalidDataException($"{path} is not a CorrectNet checkpoint (magic bytes differ).");
    }

    private static byte[] Preamble(int headerLength, long bodyLength, byte[] headerHash, byte[] bodyHash)
    {
        var preamble = new byte[PreambleBytes];
        Magic.CopyTo(preamble, 0);
        BinaryPrimitives.WriteInt32LittleEndian(preamble.AsSpan(MagicBytes), headerLength);
        BinaryPrimitives.WriteInt64LittleEndian(preamble.AsSpan(MagicBytes + 4), bodyLength);
        headerHash.CopyTo(preamble, HeaderHashAt);
        bodyHash.CopyTo(preamble, BodyHashAt);
        SHA256.HashData(preamble.AsSpan(0, PreambleHashAt)).CopyTo(preamble, PreambleHashAt);
        return preamble;
    }
}
