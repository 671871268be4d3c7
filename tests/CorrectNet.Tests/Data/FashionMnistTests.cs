using System.Diagnostics;
using CorrectNet.Data;
using TorchSharp;
using Xunit.Abstractions;

namespace CorrectNet.Tests.Data;

/// <summary>Loads the shipped Fashion-MNIST once for all tests of this class.</summary>
public sealed class FashionMnistFixture : IDisposable
{
    public FashionMnistFixture()
    {
        using (torch.zeros(1))
        {
            // Loads the native library first, so the clock below measures reading and converting only.
        }

        var clock = Stopwatch.StartNew();
        Splits = DatasetRegistry.Load("fashion-mnist", dataRoot: TestDataFiles.RepositoryDataFolder());
        LoadTime = clock.Elapsed;
    }

    public DatasetSplits Splits { get; }

    public TimeSpan LoadTime { get; }

    public void Dispose() => Splits.Dispose();
}

public sealed class FashionMnistTests(FashionMnistFixture fixture, ITestOutputHelper output) : IClassFixture<FashionMnistFixture>
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
    public void LoadsQuickly()
    {
        // Both sets, gunzip included: measured 1.4 s alone and up to 4 s beside other tests on a loaded 2-core VM,
        // where first-touch page faults dominate. The bound leaves room for that yet catches a per-pixel tensor op.
        output.WriteLine($"Fashion-MNIST train + test loaded in {fixture.LoadTime.TotalSeconds:F2} s");
        Assert.InRange(fixture.LoadTime, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void PaddingGives32By32()
    {
        using var padded = DatasetRegistry.Load("fashion-mnist", new DatasetOptions(PadTo32: true, MaxTrain: 100, MaxTest: 50),
            TestDataFiles.RepositoryDataFolder());

        Assert.Equal(new long[] { 100, 1, 32, 32 }, padded.Train.Images.shape);
        Assert.Equal(new long[] { 50, 1, 32, 32 }, padded.Test.Images.shape);
        using var inner = padded.Train.Images.narrow(2, 2, 28).narrow(3, 2, 28);
        using var unpadded = fixture.Splits.Train.Images.narrow(0, 0, 100);
        Assert.True(inner.allclose(unpadded, rtol: 0, atol: 0));
    }
}
