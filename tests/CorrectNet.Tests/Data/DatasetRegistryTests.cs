using CorrectNet.Data;

namespace CorrectNet.Tests.Data;

public sealed class DatasetRegistryTests : IDisposable
{
    private readonly TestDataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetRegistry.Load("imagenet", dataRoot: _files.Folder));

        Assert.Contains("imagenet", e.Message);
        foreach (string name in DatasetRegistry.Names)
        {
            Assert.Contains(name, e.Message);
        }
    }

    [Fact]
    public void NamesAreMatchedIgnoringCaseAndDashes()
    {
        Assert.Equal("cifar10", DatasetRegistry.Canonical("CIFAR-10"));
        Assert.Equal("fashion-mnist", DatasetRegistry.Canonical("Fashion_MNIST"));
        Assert.Equal(["fashion-mnist", "mnist", "cifar10", "cifar100"], DatasetRegistry.Names);
    }

    [Fact]
    public void MissingDatasetNamesTheFilesTheFolderAndHowToPointElsewhere()
    {
        _files.Write(Path.Combine("mnist", "train-images-idx3-ubyte.gz"), [1]);
        string folder = Path.Combine(_files.Folder, "mnist");

        var e = Assert.Throws<FileNotFoundException>(() => DatasetRegistry.Load("mnist", dataRoot: _files.Folder));

        Assert.Contains(folder, e.Message);
        Assert.Contains(
            $"lacks train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz.", e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
        Assert.Contains("--data", e.Message);
        Assert.Contains("CORRECTNET_DATA", e.Message);
        Assert.Equal(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), e.FileName);
    }

    [Fact]
    public void MissingCifar10ListsEveryBatchFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DatasetRegistry.Load("cifar10", dataRoot: _files.Folder));

        foreach (string file in new[] { "data_batch_1.bin", "data_batch_5.bin", "test_batch.bin" })
        {
            Assert.Contains(file, e.Message);
        }

        Assert.Contains(Path.Combine(_files.Folder, "cifar10"), e.Message);
        Assert.Contains("cifar-10-batches-bin", e.Message);
    }

    [Fact]
    public void LoadsAnIdxDatasetWithLimitsAndPadding()
    {
        _files.WriteIdxDataset("mnist", train: 30, test: 12, side: 28, classes: 10);

        using var splits = DatasetRegistry.Load(
            "mnist", new DatasetOptions(PadTo32: true, MaxTrain: 20), _files.Folder);

        Assert.Equal(new long[] { 20, 1, 32, 32 }, splits.Train.Images.shape);
        Assert.Equal(new long[] { 12, 1, 32, 32 }, splits.Test.Images.shape);
        Assert.Equal("mnist/train[:20]", splits.Train.Name);
        Assert.Equal("mnist/test", splits.Test.Name);
        Assert.Equal(10, splits.Train.Classes);
        Assert.Equal("7", splits.Train.ClassNames[7]);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)(i % 10)), splits.Train.Labels.data<long>().ToArray());
    }

    [Fact]
    public void ImageLabelCountMismatchInTheFolderNamesTheLabelFile()
    {
        _files.WriteIdxDataset("mnist", train: 30, test: 12, side: 28, classes: 10);
        string labels = _files.Write(Path.Combine("mnist", "t10k-labels-idx1-ubyte.gz"),
            TestDataFiles.Gzip(TestDataFiles.IdxLabels(new byte[11])));

        var e = Assert.Throws<DataFormatException>(() => DatasetRegistry.Load("mnist", dataRoot: _files.Folder));

        Assert.Equal(labels, e.FilePath);
        Assert.Contains("has 11 labels", e.Message);
        Assert.Contains("has 12 images", e.Message);
    }

    [Fact]
    public void Cifar10IsFoundInsideTheArchiveFolder()
    {
        string[] batches =
        [
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
            "test_batch.bin",
        ];
        for (int b = 0; b < batches.Length; b++)
        {
            var labels = new byte[][] { [(byte)b], [(byte)(b + 1)] };
            _files.Write(Path.Combine("cifar10", "cifar-10-batches-bin", batches[b]),
                TestDataFiles.CifarRecords(labels, TestDataFiles.PatternPixels(2, 3, 32, 32)));
        }

        using var splits = DatasetRegistry.Load("cifar10", new DatasetOptions(PadTo32: true), _files.Folder);

        Assert.Equal(new long[] { 10, 3, 32, 32 }, splits.Train.Images.shape);
        Assert.Equal(new long[] { 0, 1, 1, 2, 2, 3, 3, 4, 4, 5 }, splits.Train.Labels.data<long>().ToArray());
        Assert.Equal(new long[] { 5, 6 }, splits.Test.Labels.data<long>().ToArray());
        Assert.Equal("airplane", splits.Test.ClassNames[0]);
    }

    [Fact]
    public void Cifar100HasOneHundredFineClasses()
    {
        foreach (string file in new[] { "train.bin", "test.bin" })
        {
            _files.Write(Path.Combine("cifar100", file),
                TestDataFiles.CifarRecords([[0, 99], [19, 3]], TestDataFiles.PatternPixels(2, 3, 32, 32)));
        }

        using var splits = DatasetRegistry.Load("cifar100", dataRoot: _files.Folder);

        Assert.Equal(100, splits.Train.Classes);
        Assert.Equal(100, splits.Train.ClassNames.Count);
        Assert.Equal(100, splits.Train.ClassNames.Distinct().Count());
        Assert.Equal(new long[] { 99, 3 }, splits.Test.Labels.data<long>().ToArray());
        Assert.Equal("worm", splits.Test.ClassNames[99]);
    }

    [Fact]
    public void ExplicitRootWins()
    {
        Assert.Equal(_files.Folder, DatasetRegistry.ResolveDataRoot(_files.Folder));
    }

    [Fact]
    public void WithoutExplicitRootTheRepositoryDataFolderIsFound()
    {
        string resolved = DatasetRegistry.ResolveDataRoot(null);
        string? fromEnvironment = Environment.GetEnvironmentVariable(DatasetRegistry.DataEnvironmentVariable);

        string expected = string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.GetFullPath(TestDataFiles.RepositoryDataFolder())
            : Path.GetFullPath(fromEnvironment);
        Assert.Equal(expected.TrimEnd(Path.DirectorySeparatorChar), resolved.TrimEnd(Path.DirectorySeparatorChar));
    }
}
