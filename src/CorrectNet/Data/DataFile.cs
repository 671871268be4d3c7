using System.Buffers.Binary;
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

    /// <summary>The file's (decompressed) content stream; a gzip stream checks its trailer when it ends.</summary>
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        if (!gzip)
        {
            file.Position = 0;
            return file;
        }

        // GZipStream ends quietly where a truncated file ends, even when the deflate data stopped short of its last
        // block; the trailer's ISIZE (the last 4 bytes: content length mod 2^32) is then deflate data and disagrees.
        Span<byte> trailer = stackalloc byte[4];
        file.Position = Math.Max(0, file.Length - 4);
        file.ReadExactly(trailer[..(int)Math.Min(4, file.Length - file.Position)]);
        file.Position = 0;
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return new GzipEndCheck(new GZipStream(file, CompressionMode.Decompress, leaveOpen: false), size, path);
    }

    /// <summary>Counts what a gzip stream yields; at its end, the count must match the trailer's ISIZE.</summary>
    private sealed class GzipEndCheck(GZipStream inner, uint trailerSize, string path) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            _read += read;
            if (read == 0 && buffer.Length > 0 && (uint)_read != trailerSize)
            {
                throw new DataFormatException(path,
                    $"the gzip stream is truncated or damaged: it ends after {_read} bytes of content, its trailer " +
                    $"gives {trailerSize} (mod 2^32)");
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
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
