using CorrectNet.Data;

namespace CorrectNet.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TestDataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadsImagesAndLabelsInFileOrder()
    {
        var pixels = TestDataFiles.PatternPixels(3, 1, 4, 5);
        string images = _files.Write("img", TestDataFiles.IdxImages(pixels, 3, 4, 5));
        string labels = _files.Write("lbl", TestDataFiles.IdxLabels([2, 0, 1]));

        var raw = IdxReader.ReadImages(images);

        Assert.Equal((3, 1, 4, 5), (raw.Count, raw.Channels, raw.Height, raw.Width));
        Assert.Equal(pixels, raw.Pixels);
        Assert.Equal(new byte[] { 2, 0, 1 }, IdxReader.ReadLabels(labels));
    }

    [Fact]
    public void GzipIsDetectedByContentNotExtensionAndGivesTheSameResult()
    {
        var pixels = TestDataFiles.PatternPixels(4, 1, 3, 3);
        var imageFile = TestDataFiles.IdxImages(pixels, 4, 3, 3);
        var labelFile = TestDataFiles.IdxLabels([1, 2, 3, 4]);
        // Names lie on purpose: the gzipped files have no .gz, the raw ones do.
        string rawImages = _files.Write("raw-images.gz", imageFile);
        string gzImages = _files.Write("gz-images", TestDataFiles.Gzip(imageFile));
        string rawLabels = _files.Write("raw-labels.gz", labelFile);
        string gzLabels = _files.Write("gz-labels", TestDataFiles.Gzip(labelFile));

        var fromRaw = IdxReader.ReadImages(rawImages);
        var fromGz = IdxReader.ReadImages(gzImages);

        Assert.Equal(fromRaw.Pixels, fromGz.Pixels);
        Assert.Equal(fromRaw with { Pixels = [] }, fromGz with { Pixels = [] });
        Assert.Equal(IdxReader.ReadLabels(rawLabels), IdxReader.ReadLabels(gzLabels));
    }

    [Fact]
    public void WrongMagicSaysExpectedAndFound()
    {
        string labelsAsImages = _files.Write("labels", TestDataFiles.IdxLabels([1, 2]));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(labelsAsImages));

        Assert.Equal(labelsAsImages, e.FilePath);
        Assert.Contains(labelsAsImages, e.Message);
        Assert.Contains("expected magic number 0x00000803", e.Message);
        Assert.Contains("found 0x00000801", e.Message);
    }

    [Fact]
    public void WrongLabelMagicIsRejected()
    {
        string file = _files.Write("labels", TestDataFiles.IdxLabels([1, 2], magic: 0x12345678));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(file));

        Assert.Contains("expected magic number 0x00000801, found 0x12345678", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImagesSayHowManyBytesWereExpectedAndPresent(bool gzip)
    {
        var full = TestDataFiles.IdxImages(TestDataFiles.PatternPixels(3, 1, 4, 4), 3, 4, 4); // 16 + 48 bytes
        var cut = full[..50];
        string file = _files.Write("cut", gzip ? TestDataFiles.Gzip(cut) : cut);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(file));

        Assert.Equal(file, e.FilePath);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("need 64 bytes", e.Message);
        Assert.Contains("only 50 are present", e.Message);
    }

    [Fact]
    public void TruncatedHeaderIsRejected()
    {
        string file = _files.Write("short", TestDataFiles.IdxImages([], 0, 1, 1)[..10]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(file));

        Assert.Contains("header needs 16 bytes, the file has 10", e.Message);
    }

    [Fact]
    public void TruncatedLabelsAreRejected()
    {
        string file = _files.Write("labels", TestDataFiles.IdxLabels([1, 2, 3], count: 5));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(file));

        Assert.Contains("need 13 bytes", e.Message);
        Assert.Contains("only 11 are present", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrailingBytesAreRejected(bool gzip)
    {
        var content = TestDataFiles.IdxLabels([1, 2, 3]).Concat(new byte[] { 9, 9 }).ToArray();
        string file = _files.Write("labels", gzip ? TestDataFiles.Gzip(content) : content);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(file));

        Assert.Contains("2 unexpected trailing bytes", e.Message);
    }

    [Theory]
    [InlineData(0, 28)]
    [InlineData(28, 0)]
    [InlineData(-1, 28)]
    [InlineData(28, 100_000)]
    public void ImpossibleDimensionsAreRejected(int rows, int cols)
    {
        string file = _files.Write("img", TestDataFiles.IdxImages(new byte[16], 1, rows, cols));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(file));

        Assert.Contains($"{rows}×{cols}", e.Message);
    }

    [Fact]
    public void NegativeCountIsRejected()
    {
        string file = _files.Write("img", TestDataFiles.IdxImages([], -3, 2, 2));

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(file));

        Assert.Contains("negative image count (-3)", e.Message);
    }

    [Fact]
    public void CorruptGzipNamesTheFile()
    {
        var gz = TestDataFiles.Gzip(TestDataFiles.IdxLabels(Enumerable.Repeat((byte)1, 500).ToArray()));
        for (int i = 10; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5a;
        }

        string file = _files.Write("labels", gz);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(file));

        Assert.Equal(file, e.FilePath);
    }
}
