using System.Buffers.Binary;
using System.IO.Compression;

namespace CorrectNet.Tests.Data;

/// <summary>Writes small synthetic IDX and CIFAR files into a temporary folder that is deleted on dispose.</summary>
internal sealed class TestDataFiles : IDisposable
{
    public TestDataFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "correctnet-data-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>The repository's data/ folder, found by walking up from the test binaries to
    /// CorrectNet.Research.sln.</summary>
    public static string RepositoryDataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CorrectNet.Research.sln")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        throw new InvalidOperationException($"No CorrectNet.Research.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>A deterministic byte pattern that differs from image to image.</summary>
    public static byte[] PatternPixels(int count, int channels, int height, int width)
    {
        var pixels = new byte[count * channels * height * width];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 7 + i / 5) % 256);
        }

        return pixels;
    }

    public static byte[] IdxImages(byte[] pixels, int count, int rows, int cols, int magic = 0x00000803)
    {
        var bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    public static byte[] IdxLabels(byte[] labels, int magic = 0x00000801, int? count = null)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count ?? labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>CIFAR records: one or two label bytes then the image's 3072 bytes.</summary>
    public static byte[] CifarRecords(byte[][] labelBytes, byte[] pixels)
    {
        const int image = 3072;
        using var output = new MemoryStream();
        for (int r = 0; r < labelBytes.Length; r++)
        {
            output.Write(labelBytes[r]);
            output.Write(pixels, r * image, image);
        }

        return output.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    public string Write(string relativePath, byte[] content)
    {
        string path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A complete IDX dataset folder (four gzipped files) under <paramref name="name"/>.</summary>
    public void WriteIdxDataset(string name, int train, int test, int side, int classes)
    {
        foreach (var (prefix, count) in new[] { ("train", train), ("t10k", test) })
        {
            var pixels = PatternPixels(count, 1, side, side);
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % classes)).ToArray();
            Write(Path.Combine(name, $"{prefix}-images-idx3-ubyte.gz"), Gzip(IdxImages(pixels, count, side, side)));
            Write(Path.Combine(name, $"{prefix}-labels-idx1-ubyte.gz"), Gzip(IdxLabels(labels)));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
