using System.IO.Compression;

namespace CorrectNet.Data;

/// <summary>Opens a data file, transparently gunzipping it when it starts with the gzip magic 0x1f 0x8b.</summary>
internal static class DataFile
{
    public static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    /// <summary>The file's (decompressed) content stream.</summary>
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        return gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
    }

    /// <summary>The whole (decompressed) content.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (!IsGzip(path))
        {
            return File.ReadAllBytes(path);
        }

        try
        {
            using var stream = Open(path);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw CorruptGzip(path, e);
        }
    }

    /// <summary>Reads until <paramref name="target"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadFully(Stream stream, Span<byte> target, string path)
    {
        try
        {
            return stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw CorruptGzip(path, e);
        }
    }

    /// <summary>Counts the bytes left in the stream.</summary>
    public static long CountRemaining(Stream stream, string path)
    {
        if (stream.CanSeek)
        {
            return stream.Length - stream.Position;
        }

        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = ReadFully(stream, buffer, path)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static DataFormatException CorruptGzip(string path, InvalidDataException e) =>
        new(path, $"the gzip stream is corrupt ({e.Message})", e);
}
