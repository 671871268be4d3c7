namespace CorrectNet.Data;

/// <summary>
/// The datasets the kit knows by name, where their files live, and how they are normalized.
/// Layout under the data root: fashion-mnist/ and mnist/ hold the four IDX files (gzipped or raw);
/// cifar10/ holds data_batch_1..5.bin and test_batch.bin (or inside cifar-10-batches-bin/);
/// cifar100/ holds train.bin and test.bin (or inside cifar-100-binary/).
/// </summary>
public static class DatasetRegistry
{
    /// <summary>Environment variable naming the data root (the folder that holds fashion-mnist/, mnist/, …).</summary>
    public const string DataEnvironmentVariable = "CORRECTNET_DATA";

    public const string FashionMnist = "fashion-mnist";
    public const string Mnist = "mnist";
    public const string Cifar10 = "cifar10";
    public const string Cifar100 = "cifar100";

    private static readonly string[] IdxFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static readonly string[] Cifar10Files =
        [
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
            "test_batch.bin",
        ];

    private static readonly string[] Cifar100Files = ["train.bin", "test.bin"];

    public static IReadOnlyList<string> Names { get; } = [FashionMnist, Mnist, Cifar10, Cifar100];

    /// <summary>The registered name for <paramref name="name"/>, ignoring case, '-' and '_' ("CIFAR-10" →
    /// "cifar10").</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Key(name);
        return Names.FirstOrDefault(n => Key(n) == key)
            ?? throw new ArgumentException(
                $"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Per-channel mean/std of the training set, in pixel/255 units.</summary>
    public static Normalization NormalizationOf(string name) => Canonical(name) switch
    {
        FashionMnist => new([0.2860f], [0.3530f]),
        Mnist => new([0.1307f], [0.3081f]),
        Cifar10 => new([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]),
        _ => new([0.5071f, 0.4865f, 0.4409f], [0.2673f, 0.2564f, 0.2762f]),
    };

    public static IReadOnlyList<string> ClassNamesOf(string name) => Canonical(name) switch
    {
        FashionMnist => ClassNameLists.FashionMnist,
        Mnist => ClassNameLists.Mnist,
        Cifar10 => ClassNameLists.Cifar10,
        _ => ClassNameLists.Cifar100,
    };

    /// <summary>
    /// Loads the training and test sets of <paramref name="name"/> from <see cref="ResolveDataRoot"/>(<paramref
    /// name="dataRoot"/>).
    /// Datasets are named "name/train" and "name/test" (plus "[:N]" when MaxTrain/MaxTest drop images).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown dataset name.</exception>
    /// <exception cref="FileNotFoundException">Files are missing; the message lists them, the folder, and how to point
    /// elsewhere.</exception>
    /// <exception cref="DataFormatException">A file is malformed.</exception>
    public static DatasetSplits Load(string name, DatasetOptions? options = null, string? dataRoot = null)
    {
        string canonical = Canonical(name);
        options ??= new DatasetOptions();
        if (options.MaxTrain < 0 || options.MaxTest < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxTrain and MaxTest must not be negative.");
        }

        string root = ResolveDataRoot(dataRoot);
        return canonical switch
        {
            FashionMnist or Mnist => LoadIdx(canonical, root, options),
            Cifar10 => LoadCifar10(root, options),
            _ => LoadCifar100(root, options),
        };
    }

    /// <summary>
    /// The data root: <paramref name="explicitRoot"/> if given; else the CORRECTNET_DATA environment variable;
    /// else the first folder named data/ that contains fashion-mnist/, walking up from the current directory and
    /// then from the application's base directory; else ./data (loading then reports what is missing there).
    /// </summary>
    public static string ResolveDataRoot(string? explicitRoot)
    {
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return Path.GetFullPath(explicitRoot);
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data");
                if (Directory.Exists(Path.Combine(candidate, FashionMnist)))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "data");
    }

    private static string Key(string name) => name.Replace("-", "").Replace("_", "").ToLowerInvariant();

    private static DatasetSplits LoadIdx(string name, string root, DatasetOptions options)
    {
        string folder = Path.Combine(root, name);
        var paths = new string[IdxFiles.Length];
        var missing = new List<string>();
        for (int i = 0; i < IdxFiles.Length; i++)
        {
            string gz = Path.Combine(folder, IdxFiles[i] + ".gz"), raw = Path.Combine(folder, IdxFiles[i]);
            paths[i] = File.Exists(gz) ? gz : File.Exists(raw) ? raw : "";
            if (paths[i].Length == 0)
            {
                missing.Add(IdxFiles[i] + ".gz");
            }
        }

        if (missing.Count > 0)
        {
            throw Missing(name, folder, IdxFiles.Select(f => f + ".gz").ToArray(), missing,
                "Each file may also be stored uncompressed, without the .gz suffix.");
        }

        // Train and test are read concurrently: gunzip dominates the load time.
        var train = Task.Run(() => (IdxReader.ReadImages(paths[0]), IdxReader.ReadLabels(paths[1])));
        var test = Task.Run(() => (IdxReader.ReadImages(paths[2]), IdxReader.ReadLabels(paths[3])));
        var (trainImages, trainLabels) = Await(train);
        var (testImages, testLabels) = Await(test);
        return Build(
            name, options, trainImages, trainLabels, paths[0], paths[1], testImages, testLabels, paths[2], paths[3]);
    }

    private static DatasetSplits LoadCifar10(string root, DatasetOptions options)
    {
        string folder = FindFolder(root, Cifar10, "cifar-10-batches-bin", Cifar10Files, out var missing);
        if (missing.Count > 0)
        {
            throw Missing(Cifar10, folder, Cifar10Files, missing,
                $"They may also sit in {Path.Combine(folder, "cifar-10-batches-bin")} " +
                "(the CIFAR-10 binary version archive).");
        }

        var trainFiles = Cifar10Files[..5].Select(f => Path.Combine(folder, f)).ToArray();
        string testFile = Path.Combine(folder, Cifar10Files[5]);
        var train = CifarReader.ReadCifar10(trainFiles);
        var test = CifarReader.ReadCifar10([testFile]);
        return Build(Cifar10, options, train.Images, train.Labels,
            string.Join(", ", trainFiles), string.Join(", ", trainFiles),
            test.Images, test.Labels, testFile, testFile);
    }

    private static DatasetSplits LoadCifar100(string root, DatasetOptions options)
    {
        string folder = FindFolder(root, Cifar100, "cifar-100-binary", Cifar100Files, out var missing);
        if (missing.Count > 0)
        {
            throw Missing(Cifar100, folder, Cifar100Files, missing,
                $"They may also sit in {Path.Combine(folder, "cifar-100-binary")} " +
                "(the CIFAR-100 binary version archive).");
        }

        string trainFile = Path.Combine(folder, Cifar100Files[0]), testFile = Path.Combine(folder, Cifar100Files[1]);
        var train = CifarReader.ReadCifar100(trainFile);
        var test = CifarReader.ReadCifar100(testFile);
        return Build(Cifar100, options, train.Images, train.Labels, trainFile, trainFile,
            test.Images, test.Labels, testFile, testFile);
    }

    /// <summary>The dataset folder, or its archive subfolder if only that holds all files; missing is relative to the
    /// former.</summary>
    private static string FindFolder(
        string root, string name, string archiveFolder, string[] files, out List<string> missing)
    {
        string folder = Path.Combine(root, name), nested = Path.Combine(folder, archiveFolder);
        missing = files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0 && files.All(f => File.Exists(Path.Combine(nested, f))))
        {
            missing.Clear();
            return nested;
        }

        return folder;
    }

    private static DatasetSplits Build(string name, DatasetOptions options,
        RawImages trainImages, byte[] trainLabels, string trainImagesFile, string trainLabelsFile,
        RawImages testImages, byte[] testLabels, string testImagesFile, string testLabelsFile)
    {
        var classNames = ClassNamesOf(name);
        var normalization = NormalizationOf(name);
        var train = Create(
            $"{name}/train", trainImages, trainLabels, options.MaxTrain, trainImagesFile, trainLabelsFile);
        try
        {
            var test = Create($"{name}/test", testImages, testLabels, options.MaxTest, testImagesFile, testLabelsFile);
            return new DatasetSplits(train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }

        ImageDataset Create(
            string setName, RawImages images, byte[] labels, int? max, string imagesFile, string labelsFile)
        {
            // Cut the raw bytes before conversion, so MaxTrain never materializes the full float set; a count
            // mismatch is left for the constructor to report.
            if (max is int keep && keep < images.Count && labels.Length == images.Count)
            {
                setName = ImageDataset.TakeName(setName, keep, images.Count);
                images = images with { Pixels = images.Pixels[..(keep * images.ImageBytes)], Count = keep };
                labels = labels[..keep];
            }

            return new ImageDataset(setName, images, labels, classNames.Count, classNames, normalization,
                options.PadTo32, imagesFile, labelsFile);
        }
    }

    private static FileNotFoundException Missing(
        string name, string folder, string[] needed, List<string> missing, string note) =>
        new($"Dataset '{name}' is not available: {folder} lacks {string.Join(", ", missing)}. " +
            $"Needed files in {folder}: {string.Join(", ", needed)}. {note} " +
            $"Put the files there, or point at another data folder (the one holding '{name}/') " +
            "with the --data option " +
            $"or the {DataEnvironmentVariable} environment variable.",
            Path.Combine(folder, missing[0]));

    /// <summary>The task's result; its exception is rethrown as is, not wrapped in an AggregateException.</summary>
    private static T Await<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
