using System.Buffers.Binary;

namespace CorrectNet.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST, gzipped (detected by the bytes 0x1f 0x8b) or raw.
/// Images: big-endian int32 magic 0x00000803, count, rows, cols, then count·rows·cols unsigned bytes.
/// Labels: magic 0x00000801, count, then count unsigned bytes. Anything shorter or longer is rejected.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>Largest accepted image side, in pixels.</summary>
    public const int MaxSide = 4096;

    private const int ImagesHeaderBytes = 16;
    private const int LabelsHeaderBytes = 8;

    /// <summary>First buffer for a gzipped body; it doubles as data arrives, up to the header's claim.</summary>
    private const int InitialChunkBytes = 1 << 20;

    public static RawImages ReadImages(string path)
    {
        using var stream = DataFile.Open(path);
        Span<byte> header = stackalloc byte[ImagesHeaderBytes];
        ReadHeader(stream, path, header, ImagesMagic, "image");

        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int cols = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (count < 0)
        {
            throw new DataFormatException(path, $"the header gives a negative image count ({count})");
        }

        if (rows <= 0 || cols <= 0 || rows > MaxSide || cols > MaxSide)
        {
            throw new DataFormatException(path,
                $"the header gives images of {rows}×{cols} pixels; each side must be between 1 and {MaxSide}");
        }

        long bodyBytes = (long)count * rows * cols;
        if (bodyBytes > Array.MaxLength)
        {
            throw new DataFormatException(path,
                $"the header gives {count} images of {rows}×{cols} = {bodyBytes} bytes, more than one array can hold");
        }

        var pixels = ReadBody(stream, path, bodyBytes, ImagesHeaderBytes, $"{count} images of {rows}×{cols}");
        return new RawImages(pixels, count, 1, rows, cols);
    }

    public static byte[] ReadLabels(string path)
    {
        using var stream = DataFile.Open(path);
        Span<byte> header = stackalloc byte[LabelsHeaderBytes];
        ReadHeader(stream, path, header, LabelsMagic, "label");

        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count < 0)
        {
            throw new DataFormatException(path, $"the header gives a negative label count ({count})");
        }

        return ReadBody(stream, path, count, LabelsHeaderBytes, $"{count} labels");
    }

    private static void ReadHeader(Stream stream, string path, Span<byte> header, int expectedMagic, string kind)
    {
        int read = DataFile.ReadFully(stream, header, path);
        if (read < 4)
        {
            throw new DataFormatException(path,
                $"truncated: the IDX {kind} header needs {header.Length} bytes, the file has {read}");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
        {
            string hint = magic switch
            {
                ImagesMagic => " (that is an IDX image file)",
                LabelsMagic => " (that is an IDX label file)",
                _ => "",
            };
            throw new DataFormatException(path,
                $"not an IDX {kind} file: expected magic number 0x{expectedMagic:X8}, found 0x{magic:X8}{hint}");
        }

        if (read < header.Length)
        {
            throw new DataFormatException(path,
                $"truncated: the IDX {kind} header needs {header.Length} bytes, the file has {read}");
        }
    }

    /// <summary>
    /// Reads the <paramref name="claimed"/> body bytes the header promises. Memory follows the data actually present,
    /// never the header alone: a raw file's length is checked before allocating, and a gzipped one (whose
    /// decompressed length is known only by reading it) is read in growing chunks.
    /// </summary>
    private static byte[] ReadBody(Stream stream, string path, long claimed, int headerBytes, string what)
    {
        long expected = headerBytes + claimed;
        if (stream.CanSeek && stream.Length - stream.Position < claimed)
        {
            throw Truncated(path, what, expected, headerBytes, stream.Length);
        }

        byte[] body = stream.CanSeek ? new byte[claimed] : new byte[Math.Min(claimed, InitialChunkBytes)];
        long filled = 0;
        while (true)
        {
            int read = DataFile.ReadFully(stream, body.AsSpan((int)filled), path);
            filled += read;
            if (filled == claimed || read < body.Length - (filled - read))
            {
                break;
            }

            Array.Resize(ref body, (int)Math.Min(claimed, 2L * body.Length));
        }

        if (filled < claimed)
        {
            throw Truncated(path, what, expected, headerBytes, headerBytes + filled);
        }

        long trailing = DataFile.CountRemaining(stream, path);
        if (trailing > 0)
        {
            throw new DataFormatException(path,
                $"{trailing} unexpected trailing bytes after the {expected} bytes that {what} occupy{GzipNote(path)}");
        }

        return body;
    }

    private static DataFormatException Truncated(string path, string what, long expected, int headerBytes,
        long present) =>
        new(path,
            $"truncated: {what} need {expected} bytes ({headerBytes} header + {expected - headerBytes} data), " +
            $"only {present} are present{GzipNote(path)}");

    private static string GzipNote(string path) => DataFile.IsGzip(path) ? " (after decompression)" : "";
}
