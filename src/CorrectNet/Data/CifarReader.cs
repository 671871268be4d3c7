namespace CorrectNet.Data;

/// <summary>
/// Reads the CIFAR "binary version" files, gzipped or raw. CIFAR-10 record: 1 label byte + 3072 pixel bytes;
/// CIFAR-100 record: coarse label byte, fine label byte + 3072 pixel bytes. Pixels are 32×32 planes R, G, B.
/// </summary>
public static class CifarReader
{
    public const int Side = 32;
    public const int Channels = 3;
    public const int ImageBytes = Channels * Side * Side;
    public const int Cifar10RecordBytes = 1 + ImageBytes;
    public const int Cifar100RecordBytes = 2 + ImageBytes;

    /// <summary>Records of all <paramref name="files"/>, in the order given; labels 0..9.</summary>
    public static (RawImages Images, byte[] Labels) ReadCifar10(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var paths = files.ToArray();
        if (paths.Length == 0)
        {
            throw new ArgumentException("CIFAR-10 needs at least one batch file.", nameof(files));
        }

        var contents = paths.Select(path => Validated(path, labelBytes: 1, [("label", 10)])).ToArray();
        return Assemble(contents, labelBytes: 1, labelOffset: 0);
    }

    /// <summary>Records of <paramref name="file"/> with their fine labels 0..99 (coarse labels checked, then
    /// dropped).</summary>
    public static (RawImages Images, byte[] Labels) ReadCifar100(string file)
    {
        var content = Validated(file, labelBytes: 2, [("coarse label", 20), ("fine label", 100)]);
        return Assemble([content], labelBytes: 2, labelOffset: 1);
    }

    private static byte[] Validated(string path, int labelBytes, (string Name, int Limit)[] labels)
    {
        var bytes = DataFile.ReadAllBytes(path);
        int recordBytes = labelBytes + ImageBytes;
        if (bytes.Length == 0)
        {
            throw new DataFormatException(path, "the file is empty");
        }

        if (bytes.Length % recordBytes != 0)
        {
            throw new DataFormatException(path,
                $"its length {bytes.Length} is not a multiple of the {recordBytes}-byte record " +
                $"({labelBytes} label byte(s) + {ImageBytes} pixel bytes): " +
                $"{bytes.Length / recordBytes} whole records " +
                $"and {bytes.Length % recordBytes} bytes left over");
        }

        int records = bytes.Length / recordBytes;
        for (int r = 0; r < records; r++)
        {
            for (int k = 0; k < labels.Length; k++)
            {
                int value = bytes[(long)r * recordBytes + k];
                if (value >= labels[k].Limit)
                {
                    throw new DataFormatException(path,
                        $"record {r} has {labels[k].Name} {value}, outside 0..{labels[k].Limit - 1}");
                }
            }
        }

        return bytes;
    }

    private static (RawImages Images, byte[] Labels) Assemble(byte[][] contents, int labelBytes, int labelOffset)
    {
        int recordBytes = labelBytes + ImageBytes;
        long total = contents.Sum(c => (long)(c.Length / recordBytes));
        if (total * ImageBytes > Array.MaxLength)
        {
            throw new ArgumentException($"{total} CIFAR images are more than one array can hold.");
        }

        var pixels = new byte[total * ImageBytes];
        var labels = new byte[total];
        long n = 0;
        foreach (var content in contents)
        {
            int records = content.Length / recordBytes;
            for (int r = 0; r < records; r++, n++)
            {
                int start = r * recordBytes;
                labels[n] = content[start + labelOffset];
                Array.Copy(content, start + labelBytes, pixels, n * ImageBytes, ImageBytes);
            }
        }

        return (new RawImages(pixels, (int)total, Channels, Side, Side), labels);
    }
}
