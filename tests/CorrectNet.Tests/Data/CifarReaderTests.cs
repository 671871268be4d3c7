using CorrectNet.Data;

namespace CorrectNet.Tests.Data;

public sealed class CifarReaderTests : IDisposable
{
    private readonly TestDataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Cifar10ConcatenatesFilesInOrderWithPlanarPixels()
    {
        var pixels = TestDataFiles.PatternPixels(3, 3, 32, 32);
        string first = _files.Write("a.bin", TestDataFiles.CifarRecords([[7], [0]], pixels[..(2 * 3072)]));
        string second = _files.Write("b.bin", TestDataFiles.CifarRecords([[9]], pixels[(2 * 3072)..]));

        var (images, labels) = CifarReader.ReadCifar10([first, second]);

        Assert.Equal((3, 3, 32, 32), (images.Count, images.Channels, images.Height, images.Width));
        Assert.Equal(new byte[] { 7, 0, 9 }, labels);
        Assert.Equal(pixels, images.Pixels);
    }

    [Fact]
    public void Cifar100UsesFineLabels()
    {
        var pixels = TestDataFiles.PatternPixels(2, 3, 32, 32);
        string file = _files.Write("train.bin", TestDataFiles.CifarRecords([[3, 42], [19, 99]], pixels));

        var (images, labels) = CifarReader.ReadCifar100(file);

        Assert.Equal(new byte[] { 42, 99 }, labels);
        Assert.Equal(pixels, images.Pixels);
    }

    [Fact]
    public void LengthNotAMultipleOfTheRecordNamesTheFile()
    {
        var records = TestDataFiles.CifarRecords([[1], [2]], TestDataFiles.PatternPixels(2, 3, 32, 32));
        string good = _files.Write("good.bin", records);
        string bad = _files.Write("bad.bin", records[..^5]);

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([good, bad]));

        Assert.Equal(bad, e.FilePath);
        Assert.Contains(bad, e.Message);
        Assert.Contains("not a multiple of the 3073-byte record", e.Message);
    }

    [Fact]
    public void Cifar100RecordSizeIsTwoLabelBytesPlusImage()
    {
        string file = _files.Write("train.bin",
            TestDataFiles.CifarRecords([[1]], TestDataFiles.PatternPixels(1, 3, 32, 32)));

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100(file));

        Assert.Contains("3074-byte record", e.Message);
    }

    [Fact]
    public void Cifar10LabelOutOfRangeIsRejected()
    {
        string file = _files.Write("x.bin",
            TestDataFiles.CifarRecords([[1], [10]], TestDataFiles.PatternPixels(2, 3, 32, 32)));

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([file]));

        Assert.Contains("record 1 has label 10, outside 0..9", e.Message);
    }

    [Fact]
    public void Cifar100FineLabelOutOfRangeIsRejected()
    {
        string file = _files.Write("x.bin",
            TestDataFiles.CifarRecords([[1, 100]], TestDataFiles.PatternPixels(1, 3, 32, 32)));

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100(file));

        Assert.Contains("fine label 100, outside 0..99", e.Message);
    }

    [Fact]
    public void EmptyFileIsRejected()
    {
        string file = _files.Write("empty.bin", []);

        var e = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10([file]));

        Assert.Contains("empty", e.Message);
    }
}
