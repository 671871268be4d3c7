using System.Buffers.Binary;
using CorrectNet.Data;

namespace CorrectNet.Tests.Data;

/// <summary>
/// Damages small IDX files on purpose (truncations, flipped bits; fixed seeds): each case must end in a
/// <see cref="DataFormatException"/> naming the file, or in exactly the intact data. Raw IDX has no checksum, so a
/// flipped label or pixel byte in a raw file is a different valid file; the gzip form (how the data ships) carries a
/// CRC-32, so there every flip, labels included, must be caught or harmless.
/// </summary>
public sealed class IdxFuzzTests : IDisposable
{
    private readonly TestDataFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly byte[] Pixels = TestDataFiles.PatternPixels(6, 1, 5, 4);
    private static readonly byte[] Labels = [3, 1, 4, 1, 5, 9];
    private static readonly byte[] ImagesFile = TestDataFiles.IdxImages(Pixels, 6, 5, 4);
    private static readonly byte[] LabelsFile = TestDataFiles.IdxLabels(Labels);

    private static string? Outcome(string path, Func<byte[]> read, byte[] intact)
    {
        try
        {
            return read().AsSpan().SequenceEqual(intact) ? null : "read without an error, but other data";
        }
        catch (DataFormatException e)
        {
            return e.FilePath == path && e.Message.Contains(path, StringComparison.Ordinal) ? null
                : $"unnamed file: {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} instead of DataFormatException: {e.Message}";
        }
    }

    private void AssertEveryCase(IEnumerable<(string Name, byte[] Bytes)> cases, Func<string, byte[]> read,
        byte[] intact)
    {
        var failures = new List<string>();
        int count = 0;
        string path = Path.Combine(_files.Folder, "fuzzed");
        foreach (var (name, bytes) in cases)
        {
            File.WriteAllBytes(path, bytes);
            count++;
            if (Outcome(path, () => read(path), intact) is { } problem) failures.Add($"{name}: {problem}");
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {count} damaged IDX files were not refused clearly:\n  " + string.Join("\n  ",
                failures.Take(8)));
    }

    private static IEnumerable<(string, byte[])> Truncations(byte[] file)
    {
        for (int keep = 0; keep < file.Length; keep++) yield return ($"truncated to {keep} of {file.Length} bytes",
            file[..keep]);
    }

    /// <summary>Every byte in [from, to) with one bit flipped, the bit drawn from a fixed seed.</summary>
    private static IEnumerable<(string, byte[])> EveryByteFlipped(byte[] file, int from, int to, int seed)
    {
        var random = new Random(seed);
        for (int at = from; at < to; at++)
        {
            int bit = random.Next(8);
            var damaged = (byte[])file.Clone();
            damaged[at] ^= (byte)(1 << bit);
            yield return ($"byte {at} bit {bit}", damaged);
        }
    }

    /// <summary>Every bit of the bytes in [from, to).</summary>
    private static IEnumerable<(string, byte[])> EveryBitFlip(byte[] file, int from, int to)
    {
        for (int at = from; at < to; at++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])file.Clone();
                damaged[at] ^= (byte)(1 << bit);
                yield return ($"byte {at} bit {bit}", damaged);
            }
        }
    }

    private static IEnumerable<(string, byte[])> RandomFlips(byte[] file, int seed, int count)
    {
        var random = new Random(seed);
        for (int k = 0; k < count; k++)
        {
            var damaged = (byte[])file.Clone();
            int at = random.Next(file.Length);
            byte mask = (byte)random.Next(1, 256);
            damaged[at] ^= mask;
            yield return ($"byte {at} xor 0x{mask:X2}", damaged);
        }
    }

    [Fact]
    public void RawFilesTruncatedAnywhereOrWithAFlippedHeaderBitAreRefused()
    {
        AssertEveryCase([.. Truncations(ImagesFile), .. EveryBitFlip(ImagesFile, 0, 16)],
            path => IdxReader.ReadImages(path).Pixels, Pixels);
        AssertEveryCase([.. Truncations(LabelsFile), .. EveryBitFlip(LabelsFile, 0, 8)], IdxReader.ReadLabels, Labels);
    }

    [Fact]
    public void GzippedFilesWithAnyFlipOrTruncationAreRefusedOrIntact()
    {
        byte[] images = TestDataFiles.Gzip(ImagesFile);
        byte[] labels = TestDataFiles.Gzip(LabelsFile);

        AssertEveryCase([.. Truncations(images), .. EveryByteFlipped(images, 0, images.Length, 11),
            .. RandomFlips(images, 12, 40)],
            path => IdxReader.ReadImages(path).Pixels, Pixels);
        AssertEveryCase([.. Truncations(labels), .. EveryByteFlipped(labels, 0, labels.Length, 13),
            .. RandomFlips(labels, 14, 40)],
            IdxReader.ReadLabels, Labels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocatingIt(bool gzip)
    {
        // 2.7 M images of 28×28 claimed (2.1 GB) over a file holding 6 images of 5×4.
        var claim = (byte[])TestDataFiles.IdxImages(Pixels, 6, 5, 4).Clone();
        BinaryPrimitives.WriteInt32BigEndian(claim.AsSpan(4), 2_700_000);
        BinaryPrimitives.WriteInt32BigEndian(claim.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(claim.AsSpan(12), 28);
        string path = _files.Write("claim", gzip ? TestDataFiles.Gzip(claim) : claim);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("2700000 images of 28×28", e.Message);
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated for a file of {claim.Length} bytes");
    }

    [Fact]
    public void AGzippedBodyLargerThanTheFirstChunkReadsIntact()
    {
        // Crosses the reader's growing buffer (1 MiB, then doubled) on the way to the claimed size.
        var pixels = TestDataFiles.PatternPixels(3000, 1, 28, 28);
        string path = _files.Write("big", TestDataFiles.Gzip(TestDataFiles.IdxImages(pixels, 3000, 28, 28)));

        Assert.Equal(pixels, IdxReader.ReadImages(path).Pixels);
    }
}
