using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WritesAndReplaces()
    {
        string path = _folder.File("a/b/file.txt");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second, longer");

        Assert.Equal("second, longer", File.ReadAllText(path));
        Assert.Equal([Path.Combine("a", "b", "file.txt")], _folder.Files());
    }

    [Fact]
    public void AFailingWriterLeavesThePreviousContentAndNoTempFile()
    {
        string path = _folder.File("file.bin");
        File.WriteAllText(path, "previous");

        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("partial new content"u8);
            stream.Flush();
            throw new InvalidOperationException("writer failed");
        }));

        Assert.Equal("writer failed", e.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["file.bin"], _folder.Files());
    }

    [Fact]
    public void AFailingWriterCreatesNoFile()
    {
        string path = _folder.File("new.bin");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));

        Assert.False(File.Exists(path));
        Assert.Empty(_folder.Files());
    }
}
