using CorrectNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Data;

public sealed class ImageDatasetTests
{
    private static readonly string[] ThreeClasses = ["a", "b", "c"];

    /// <summary>Image i is the single value i, so every batch or split reveals which indices it holds.</summary>
    private static ImageDataset Indexed(int count)
    {
        using var images = arange(count, dtype: ScalarType.Float32).reshape(count, 1, 1, 1);
        using var labels = arange(count, dtype: ScalarType.Int64).remainder(3);
        return ImageDataset.FromTensors("indexed", images, labels, 3, ThreeClasses, Normalization.Identity(1));
    }

    private static long[] Indices(Tensor images) =>
        images.reshape(-1).data<float>().ToArray().Select(v => (long)v).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryImageIsFilledAcrossTheParallelChunks(bool padTo32)
    {
        // 2600 images of 28×28 span three fill chunks of 2^20 floats (1337 unpadded, 1024 padded images each): image n
        // is the constant n mod 251, so a chunk written to the wrong place or left unwritten shows up.
        const int count = 2600;
        var pixels = new byte[count * 28 * 28];
        for (int n = 0; n < count; n++) Array.Fill(pixels, (byte)(n % 251), n * 784, 784);
        using var dataset = new ImageDataset(
            "chunks", new RawImages(pixels, count, 1, 28, 28), new byte[count], 3, ThreeClasses,
            Normalization.Identity(1), padTo32);

        int side = padTo32 ? 32 : 28, offset = padTo32 ? 2 : 0;
        using var centre = dataset.Images.narrow(2, offset, 28).narrow(3, offset, 28);
        using var maxima = centre.amax([1, 2, 3]);
        using var minima = centre.amin([1, 2, 3]);
        float[] high = maxima.data<float>().ToArray(), low = minima.data<float>().ToArray();
        for (int n = 0; n < count; n++)
        {
            float expected = n % 251 / 255f;
            Assert.True(Math.Abs(high[n] - expected) < 1e-6 && Math.Abs(low[n] - expected) < 1e-6,
                $"image {n}: [{low[n]}, {high[n]}], expected {expected}");
        }
        Assert.Equal(side, dataset.Height);
    }

    [Fact]
    public void NormalizesPerChannel()
    {
        var raw = new RawImages([0, 255, 51, 102], 1, 2, 1, 2);
        var normalization = new Normalization([0.5f, 0.2f], [0.25f, 0.4f]);

        using var dataset = new ImageDataset("two-channel", raw, [1], 3, ThreeClasses, normalization);

        Assert.Equal(new long[] { 1, 2, 1, 2 }, dataset.Images.shape);
        Assert.Equal(ScalarType.Float32, dataset.Images.dtype);
        Assert.Equal(ScalarType.Int64, dataset.Labels.dtype);
        var values = dataset.Images.data<float>().ToArray();
        float[] expected = [(0f - 0.5f) / 0.25f, (1f - 0.5f) / 0.25f, (0.2f - 0.2f) / 0.4f, (0.4f - 0.2f) / 0.4f];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 1e-5f);
        }
    }

    [Fact]
    public void CountMismatchNamesTheLabelFile()
    {
        var raw = new RawImages(new byte[3 * 4], 3, 1, 2, 2);

        var e = Assert.Throws<DataFormatException>(() => new ImageDataset("x", raw, [0, 1], 3, ThreeClasses,
            Normalization.Identity(1), imagesFile: "/d/img.idx", labelsFile: "/d/lbl.idx"));

        Assert.Equal("/d/lbl.idx", e.FilePath);
        Assert.Contains("has 2 labels, but /d/img.idx has 3 images", e.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesTheLabelFile()
    {
        var raw = new RawImages(new byte[3 * 4], 3, 1, 2, 2);

        var e = Assert.Throws<DataFormatException>(() => new ImageDataset("x", raw, [0, 3, 1], 3, ThreeClasses,
            Normalization.Identity(1), labelsFile: "/d/lbl.idx"));

        Assert.Equal("/d/lbl.idx", e.FilePath);
        Assert.Contains("label 3 at index 1 is out of range for 3 classes", e.Message);
    }

    [Fact]
    public void PaddingCentresOnA32By32BlackCanvas()
    {
        var pixels = Enumerable.Repeat((byte)255, 2 * 28 * 28).ToArray();
        var normalization = new Normalization([0.2860f], [0.3530f]);

        using var dataset = new ImageDataset("padded", new RawImages(pixels, 2, 1, 28, 28), [0, 1], 3, ThreeClasses,
            normalization, padTo32: true);

        Assert.Equal(new long[] { 2, 1, 32, 32 }, dataset.Images.shape);
        float black = (0f - 0.2860f) / 0.3530f, white = (1f - 0.2860f) / 0.3530f;
        using var image = dataset.Images[1, 0];
        Assert.Equal(black, image[0, 0].ToSingle(), 1e-5f);
        Assert.Equal(black, image[1, 31].ToSingle(), 1e-5f);
        Assert.Equal(black, image[31, 15].ToSingle(), 1e-5f);
        Assert.Equal(white, image[2, 2].ToSingle(), 1e-5f);
        Assert.Equal(white, image[29, 29].ToSingle(), 1e-5f);
        Assert.Equal(black, image[30, 29].ToSingle(), 1e-5f);
    }

    [Fact]
    public void TakeKeepsTheFirstImages()
    {
        using var dataset = Indexed(10);
        using var first = dataset.Take(4);
        using var all = dataset.Take(99);

        Assert.Equal(new long[] { 0, 1, 2, 3 }, Indices(first.Images));
        Assert.Equal(new long[] { 0, 1, 2, 0 }, first.Labels.data<long>().ToArray());
        Assert.Equal("indexed[:4]", first.Name);
        Assert.Equal(10, all.Count);
    }

    [Fact]
    public void SplitIsSeededDisjointAndComplete()
    {
        using var dataset = Indexed(100);

        var (trainA, validA) = dataset.Split(0.2, seed: 7);
        var (trainB, validB) = dataset.Split(0.2, seed: 7);
        var (trainC, validC) = dataset.Split(0.2, seed: 8);
        using (trainA) using (validA) using (trainB) using (validB) using (trainC) using (validC)
        {
            var train = Indices(trainA.Images);
            var valid = Indices(validA.Images);
            Assert.Equal(80, train.Length);
            Assert.Equal(20, valid.Length);
            Assert.Empty(train.Intersect(valid));
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), train.Concat(valid).Order());
            Assert.Equal(valid, Indices(validB.Images));
            Assert.NotEqual(valid, Indices(validC.Images));
            Assert.Equal(valid.Select(i => i % 3), validA.Labels.data<long>().ToArray());
        }
    }

    [Fact]
    public void ShuffledBatchesCoverEveryIndexOncePerEpoch()
    {
        using var dataset = Indexed(103);
        using var generator = new Generator(42);
        var epochs = new List<long[]>();

        for (int epoch = 0; epoch < 2; epoch++)
        {
            var seen = new List<long>();
            var sizes = new List<long>();
            using var batches = dataset.Batches(10, shuffle: true, generator).GetEnumerator();
            while (true)
            {
                // Advancing inside a per-batch dispose scope (so the scope frees the batch) must not free the
                // epoch's permutation along with the first batch.
                using var scope = NewDisposeScope();
                if (!batches.MoveNext())
                {
                    break;
                }

                var (images, labels) = batches.Current;
                var indices = Indices(images);
                Assert.Equal(indices.Select(i => i % 3), labels.data<long>().ToArray());
                seen.AddRange(indices);
                sizes.Add(images.shape[0]);
            }

            Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), seen.Order());
            Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3], sizes);
            epochs.Add(seen.ToArray());
        }

        Assert.NotEqual(Enumerable.Range(0, 103).Select(i => (long)i), epochs[0]);
        Assert.NotEqual(epochs[0], epochs[1]);
    }

    [Fact]
    public void BatchesCreatedInsideAScopeAreFreedByIt()
    {
        using var dataset = Indexed(30);
        using var generator = new Generator(3);
        var freed = new List<Tensor>();

        using var batches = dataset.Batches(7, shuffle: true, generator).GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext())
            {
                break;
            }

            freed.Add(batches.Current.Images);
            freed.Add(batches.Current.Labels);
        }

        Assert.Equal(10, freed.Count);
        Assert.All(freed, t => Assert.True(t.IsInvalid));
        Assert.False(dataset.Images.IsInvalid);
    }

    [Fact]
    public void ShuffleIsReproducibleFromTheGeneratorSeed()
    {
        using var dataset = Indexed(50);
        long[] Order(ulong seed)
        {
            using var generator = new Generator(seed);
            var order = new List<long>();
            foreach (var (images, labels) in dataset.Batches(8, shuffle: true, generator))
            {
                order.AddRange(Indices(images));
                images.Dispose();
                labels.Dispose();
            }

            return order.ToArray();
        }

        Assert.Equal(Order(5), Order(5));
        Assert.NotEqual(Order(5), Order(6));
    }

    [Fact]
    public void UnshuffledBatchesFollowStoredOrder()
    {
        using var dataset = Indexed(25);
        var seen = new List<long>();

        foreach (var (images, labels) in dataset.Batches(10, shuffle: false))
        {
            using (images)
            using (labels)
            {
                seen.AddRange(Indices(images));
            }
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), seen);
    }

    [Fact]
    public void DatasetSurvivesTheDisposeScopeItWasBuiltIn()
    {
        ImageDataset fromTensors, fromBytes, split;
        using (NewDisposeScope())
        {
            fromTensors = Indexed(6);
            fromBytes = new ImageDataset("bytes", new RawImages([0, 1, 2, 3, 4, 5], 6, 1, 1, 1), [0, 1, 2, 0, 1, 2],
                3, ThreeClasses, new Normalization([0f], [1f / 255f]));
            split = fromTensors.Split(0.5, seed: 1).Validation;
        }

        using (fromTensors)
        using (fromBytes)
        using (split)
        {
            Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, Indices(fromTensors.Images));
            Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, Indices(fromBytes.Images));
            Assert.Equal(new long[] { 0, 1, 2, 0, 1, 2 }, fromBytes.Labels.data<long>().ToArray());
            Assert.Equal(3, split.Count);
        }
    }
}
