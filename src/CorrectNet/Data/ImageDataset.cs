using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Data;

/// <summary>
/// A labelled image set held as two tensors: <see cref="Images"/> float32 N×C×H×W, normalized per channel as
/// (p/255 − mean[c]) / std[c] (see <see cref="Data.Normalization"/>), and <see cref="Labels"/> int64 N in 0..Classes−1.
/// The dataset owns both tensors (they are kept out of any dispose scope) and frees them on <see cref="Dispose"/>.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Side length that <c>padTo32</c> pads to.</summary>
    public const int PaddedSide = 32;

    private bool _disposed;

    /// <summary>
    /// Builds a dataset from raw bytes. With <paramref name="padTo32"/>, smaller images are centred on a 32×32
    /// canvas whose border is a black pixel (byte 0), which after normalization is −mean[c]/std[c], not 0.
    /// <paramref name="imagesFile"/> and <paramref name="labelsFile"/> are named in errors (default: the name).
    /// </summary>
    /// <exception cref="DataFormatException">Image and label counts differ, or a label is ≥ <paramref
    /// name="classes"/>.</exception>
    public ImageDataset(string name, RawImages images, byte[] labels, int classes, IReadOnlyList<string> classNames,
        Normalization normalization, bool padTo32 = false, string? imagesFile = null, string? labelsFile = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(normalization);
        ValidateClasses(classes, classNames);
        normalization.Validate(images.Channels);
        imagesFile ??= name;
        labelsFile ??= name;

        if (images.Count < 0 || images.Channels <= 0 || images.Height <= 0 || images.Width <= 0)
        {
            throw new DataFormatException(imagesFile,
                $"invalid image shape {images.Count}×{images.Channels}×{images.Height}×{images.Width}");
        }

        if (images.Pixels.LongLength != (long)images.Count * images.ImageBytes)
        {
            throw new DataFormatException(imagesFile,
                $"holds {images.Pixels.LongLength} pixel bytes, but {images.Count} images of " +
                $"{images.Channels}×{images.Height}×{images.Width} need {(long)images.Count * images.ImageBytes}");
        }

        if (labels.Length != images.Count)
        {
            throw new DataFormatException(labelsFile,
                $"has {labels.Length} labels, but {imagesFile} has {images.Count} images");
        }

        int bad = Array.FindIndex(labels, l => l >= classes);
        if (bad >= 0)
        {
            throw new DataFormatException(labelsFile,
                $"label {labels[bad]} at index {bad} is out of range for {classes} classes (0..{classes - 1})");
        }

        if (padTo32 && (images.Height > PaddedSide || images.Width > PaddedSide))
        {
            throw new ArgumentException(
                $"Cannot pad {images.Height}×{images.Width} images to {PaddedSide}×{PaddedSide}: they are larger.",
                nameof(padTo32));
        }

        Name = name;
        Classes = classes;
        ClassNames = classNames.ToArray();
        Normalization = normalization;

        int height = images.Height, width = images.Width;
        if (padTo32)
        {
            (height, width) = (PaddedSide, PaddedSide);
        }

        using (NewDisposeScope())
        {
            var x = empty([images.Count, images.Channels, height, width], ScalarType.Float32);
            Fill(x, images, normalization);
            Images = x.DetachFromDisposeScope();
            Labels = tensor(Array.ConvertAll(labels, l => (long)l), [labels.LongLength], ScalarType.Int64)
                .DetachFromDisposeScope();
        }
    }

    private ImageDataset(string name, Tensor images, Tensor labels, int classes, IReadOnlyList<string> classNames,
        Normalization normalization)
    {
        Name = name;
        Images = images;
        Labels = labels;
        Classes = classes;
        ClassNames = classNames;
        Normalization = normalization;
    }

    /// <summary>float32 N×C×H×W, normalized.</summary>
    public Tensor Images { get; }

    /// <summary>int64 N, values 0..Classes−1.</summary>
    public Tensor Labels { get; }

    public int Classes { get; }

    public string Name { get; }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The mean/std the images were normalized with (needed to undo it, e.g. for display).</summary>
    public Normalization Normalization { get; }

    public long Count => Labels.shape[0];

    public int Channels => (int)Images.shape[1];

    public int Height => (int)Images.shape[2];

    public int Width => (int)Images.shape[3];

    /// <summary>
    /// A dataset over already-normalized tensors (float32 N×C×H×W and int64 N), e.g. synthetic data in tests.
    /// The dataset keeps its own handles on the same storage; the caller still disposes its own tensors.
    /// </summary>
    public static ImageDataset FromTensors(string name, Tensor images, Tensor labels, int classes,
        IReadOnlyList<string> classNames, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(normalization);
        ValidateClasses(classes, classNames);
        if (images.dim() != 4 || images.dtype != ScalarType.Float32)
        {
            throw new ArgumentException(
                $"Images must be float32 N×C×H×W, got {images.dtype} [{string.Join(",", images.shape)}].");
        }

        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException(
                $"Labels must be int64 of length {images.shape[0]}, " +
                $"got {labels.dtype} [{string.Join(",", labels.shape)}].");
        }

        normalization.Validate((int)images.shape[1]);
        if (labels.shape[0] > 0 && (labels.min().ToInt64() < 0 || labels.max().ToInt64() >= classes))
        {
            throw new ArgumentException($"Labels must lie in 0..{classes - 1}.");
        }

        return new ImageDataset(name, images.alias().DetachFromDisposeScope(), labels.alias().DetachFromDisposeScope(),
            classes, classNames.ToArray(), normalization);
    }

    /// <summary>
    /// The first min(<paramref name="count"/>, Count) images in stored order, copied (the result does not keep this
    /// dataset's storage alive). The name gains "[:count]" when images are dropped.
    /// </summary>
    public ImageDataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(_disposed, this);
        long n = Math.Min(count, Count);
        using (NewDisposeScope())
        {
            var images = Images.narrow(0, 0, n).clone().DetachFromDisposeScope();
            var labels = Labels.narrow(0, 0, n).clone().DetachFromDisposeScope();
            return new ImageDataset(TakeName(Name, n, Count), images, labels, Classes, ClassNames, Normalization);
        }
    }

    /// <summary>
    /// Splits into disjoint parts by a permutation drawn from a torch.Generator seeded with <paramref name="seed"/>:
    /// round(Count·<paramref name="validationFraction"/>) images (at least 1, at most Count−1) go to validation,
    /// the rest to training; each part keeps the stored order. Same seed, same split, on any machine.
    /// Names gain "[train]" and "[validation]".
    /// </summary>
    public (ImageDataset Train, ImageDataset Validation) Split(double validationFraction, long seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                "The validation fraction must lie strictly between 0 and 1.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Count < 2)
        {
            throw new InvalidOperationException(
                $"Cannot split '{Name}': it has {Count} image(s), at least 2 are needed.");
        }

        long validation = Math.Clamp((long)Math.Round(Count * validationFraction), 1, Count - 1);
        using (NewDisposeScope())
        {
            using var generator = new Generator(unchecked((ulong)seed));
            var permutation = randperm(Count, generator: generator);
            var validationIndex = permutation.narrow(0, 0, validation).sort().Values;
            var trainIndex = permutation.narrow(0, validation, Count - validation).sort().Values;
            var train = new ImageDataset($"{Name}[train]",
                Images.index_select(0, trainIndex).DetachFromDisposeScope(),
                Labels.index_select(0, trainIndex).DetachFromDisposeScope(), Classes, ClassNames, Normalization);
            var valid = new ImageDataset($"{Name}[validation]",
                Images.index_select(0, validationIndex).DetachFromDisposeScope(),
                Labels.index_select(0, validationIndex).DetachFromDisposeScope(), Classes, ClassNames, Normalization);
            return (train, valid);
        }
    }

    /// <summary>
    /// One epoch in batches of <paramref name="batchSize"/> (the last may be smaller). Without shuffle, batches are
    /// narrow() views of the stored tensors: read them, don't modify them in place. With shuffle, a permutation is
    /// drawn from <paramref name="generator"/> (null: torch's global generator, see torch.manual_seed) and batches
    /// are index_select() copies. The caller disposes every batch tensor. They are created when the enumerator
    /// advances, so a dispose scope opened inside a foreach body does not hold them: write
    /// <c>using (images) using (labels)</c> there, or call MoveNext() inside the scope.
    /// </summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize, bool shuffle, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return EnumerateBatches(batchSize, shuffle, generator);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Images.Dispose();
        Labels.Dispose();
    }

    public override string ToString() =>
        $"{Name}: {Count} images {Channels}×{Height}×{Width}, {Classes} classes";

    internal static string TakeName(string name, long kept, long available) =>
        kept < available ? $"{name}[:{kept}]" : name;

    /// <summary>
    /// Writes (p/255 − mean[c]) / std[c] for every pixel straight into <paramref name="target"/>'s memory, centring
    /// each image when the target is larger and filling the border with the black value. One pass, no temporaries:
    /// a tensor op per pixel would dominate loading (FashionMnistTests bounds the load time).
    /// </summary>
    private static void Fill(Tensor target, RawImages images, Normalization normalization)
    {
        int channels = images.Channels, height = images.Height, width = images.Width;
        int outHeight = (int)target.shape[2], outWidth = (int)target.shape[3];
        int top = (outHeight - height) / 2, left = (outWidth - width) / 2;
        var lookup = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            lookup[c] = new float[256];
            for (int p = 0; p < 256; p++)
            {
                lookup[c][p] = (p / 255f - normalization.Mean[c]) / normalization.Std[c];
            }
        }

        int outImage = channels * outHeight * outWidth;
        int chunk = Math.Max(1, (1 << 20) / outImage);
        int chunks = (images.Count + chunk - 1) / chunk;
        Parallel.For(0, chunks, k =>
        {
            int first = k * chunk, count = Math.Min(chunk, images.Count - first);
            using var view = target.narrow(0, first, count);
            var output = MemoryMarshal.Cast<byte, float>(view.bytes);
            ReadOnlySpan<byte> input = images.Pixels.AsSpan(first * images.ImageBytes, count * images.ImageBytes);
            for (int n = 0; n < count; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    var plane = output.Slice((n * channels + c) * outHeight * outWidth, outHeight * outWidth);
                    var source = input.Slice((n * channels + c) * height * width, height * width);
                    var table = lookup[c];
                    if (outHeight != height || outWidth != width)
                    {
                        plane.Fill(table[0]);
                    }

                    for (int y = 0; y < height; y++)
                    {
                        var row = plane.Slice((y + top) * outWidth + left, width);
                        var pixels = source.Slice(y * width, width);
                        for (int x = 0; x < width; x++)
                        {
                            row[x] = table[pixels[x]];
                        }
                    }
                }
            }
        });
    }

    private static void ValidateClasses(int classes, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (classNames.Count != classes)
        {
            throw new ArgumentException(
                $"{classNames.Count} class names given for {classes} classes.", nameof(classNames));
        }
    }

    private IEnumerable<(Tensor Images, Tensor Labels)> EnumerateBatches(
        int batchSize, bool shuffle, Generator? generator)
    {
        long count = Count;
        Tensor? order = null;
        try
        {
            if (shuffle)
            {
                order = randperm(count, generator: generator).DetachFromDisposeScope();
            }

            for (long start = 0; start < count; start += batchSize)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                long length = Math.Min(batchSize, count - start);
                if (order is null)
                {
                    yield return (Images.narrow(0, start, length), Labels.narrow(0, start, length));
                    continue;
                }

                Tensor images, labels;
                using (var index = order.narrow(0, start, length))
                {
                    images = Images.index_select(0, index);
                    labels = Labels.index_select(0, index);
                }

                yield return (images, labels);
            }
        }
        finally
        {
            order?.Dispose();
        }
    }
}
