using System.Security.Cryptography;
using System.Text;

namespace CorrectNet.Training;

/// <summary>
/// An open checkpoint whose preamble and header passed their checksums (<see cref="CheckpointContainer.OpenRead"/>).
/// The body is checked separately, so reading only the header does not hash the weights. A legacy file (older
/// format without checksums, <see cref="IsLegacy"/>) has nothing to check: its body is read as it is.
/// </summary>
internal sealed class CheckpointFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly long _bodyStart;
    private readonly long _bodyLength;
    private readonly byte[]? _bodyHash;

    public CheckpointFile(string path, FileStream stream, string headerJson, long bodyStart, long bodyLength,
        byte[]? bodyHash)
    {
        Path = path;
        _stream = stream;
        HeaderJson = headerJson;
        _bodyStart = bodyStart;
        _bodyLength = bodyLength;
        _bodyHash = bodyHash;
        Reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>An older-format file: no recorded body length or checksum (the body runs to the end).</summary>
    public static CheckpointFile Legacy(string path, FileStream stream, string headerJson, long bodyStart) =>
        new(path, stream, headerJson, bodyStart, stream.Length - bodyStart, bodyHash: null);

    public string Path { get; }

    /// <summary>True for the older format: nothing verified, and no newer-version check (it predates both).</summary>
    public bool IsLegacy => _bodyHash is null;

    public string HeaderJson { get; }

    /// <summary>Reads the body; positioned at its start after <see cref="VerifyBody"/>.</summary>
    public BinaryReader Reader { get; }

    /// <summary>
    /// Throws when the file is shorter or longer than its preamble says; <paramref name="contents"/> names what the
    /// body holds ("the weights of 'lenet5'") for the message.
    /// </summary>
    public void CheckLength(string contents)
    {
        if (IsLegacy) return;
        long expected = _bodyStart + _bodyLength;
        long actual = _stream.Length;
        if (actual < expected)
            throw new InvalidDataException(
                $"{Path} is truncated: it has {actual} of {expected} bytes and ends inside {contents}.");
        if (actual > expected)
            throw new InvalidDataException(
                $"{Path} is damaged: it has {actual - expected} unexpected bytes after the end of {contents}.");
    }

    /// <summary>
    /// Checks length and SHA-256 of the body (a legacy body: nothing), then puts <see cref="Reader"/> at its start.
    /// </summary>
    public void VerifyBody(string contents)
    {
        if (_bodyHash is null)
        {
            _stream.Position = _bodyStart; // legacy: read as before checksums existed
            return;
        }
        CheckLength(contents);
        _stream.Position = _bodyStart;
        byte[] hash = SHA256.HashData(_stream); // the body runs to the end of the file (checked above)
        if (!hash.AsSpan().SequenceEqual(_bodyHash))
            throw new InvalidDataException(
                $"{Path} is damaged: {contents} (bytes {_bodyStart}–{_bodyStart + _bodyLength - 1}) do not match " +
                "their SHA-256 checksum. Delete the file and train again.");
        _stream.Position = _bodyStart;
    }

    public void Dispose()
    {
        Reader.Dispose();
        _stream.Dispose();
    }
}
