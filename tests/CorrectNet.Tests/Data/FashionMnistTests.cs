using CorrectNet.Data;
using TorchSharp;

namespace CorrectNet.Tests.Data;

/// <summary>Loads the shipped Fashion-MNIST once for all tests of this class.</summary>
public sealed class FashionMnistFixture : IDisposable
{
    public DatasetSplits Splits { get; } =
        DatasetRegistry.Load("fashion-mnist", dataRoot: TestDataFiles.RepositoryDataFolder());

    public void Dispose() => Splits.Dispose();
}

public sealed class FashionMnistTests(FashionMnistFixture fixture) : IClassFixture<FashionMnistFixture>
{
    [Fact]
    public void ShippedSetHasItsPublishedShape()
    {
        var (train, test) = (fixture.Splits.Train, fixture.Splits.Test);

        Assert.Equal(new long[] { 60000, 1, 28, 28 }, train.Images.shape);
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, test.Images.shape);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Labels.shape[0]);
        Assert.Equal(10, train.Classes);
        Assert.Equal("Ankle boot", train.ClassNames[9]);
        Assert.Equal("fashion-mnist/train", train.Name);
        using var counts = train.Labels.bincount(null);
        Assert.All(counts.data<long>().ToArray(), c => Assert.Equal(6000, c));
    }

    [Fact]
    public void TrainingSetIsNormalizedToZeroMeanUnitStd()
    {
        using var mean = fixture.Splits.Train.Images.mean();
        using var std = fixture.Splits.Train.Images.std();

        Assert.InRange(mean.ToSingle(), -0.02f, 0.02f);
        Assert.InRange(std.ToSingle(), 0.98f, 1.02f);
    }

    [Fact]
    public void PaddingGives32By32()
    {
        using var padded = DatasetRegistry.Load(
            "fashion-mnist", new DatasetOptions(PadTo32: true, MaxTrain: 100, MaxTest: 50),
            TestDataFiles.RepositoryDataFolder());

        Assert.Equal(new long[] { 100, 1, 32, 32 }, padded.Train.Images.shape);
        Assert.Equal(new long[] { 50, 1, 32, 32 }, padded.Test.Images.shape);
        using var inner = padded.Train.Images.narrow(2, 2, 28).narrow(3, 2, 28);
        using var unpadded = fixture.Splits.Train.Images.narrow(0, 0, 100);
        Assert.True(inner.allclose(unpadded, rtol: 0, atol: 0));
    }
}
