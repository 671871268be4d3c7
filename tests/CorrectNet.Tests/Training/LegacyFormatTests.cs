using System.Buffers.Binary;
using System.Text;
using CorrectNet.Compensation;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>
/// Files written before checkpoints and cache entries carried checksums (checkpoint format CNCKPT01, bare JSON
/// entries) load exactly as before, are never deleted or rewritten, and cause one warning line per process.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class LegacyFormatTests : IDisposable
{
    private const string Payload =
        "{\"seed\":1,\"chip_accuracies\":[0.404,0.39,0.41],\"clean_accuracy\":0.404,\"name\":\"σ × 2\"}";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CheckpointHeader Header(TrainingSetup setup) =>
        new(CheckpointHeader.CurrentFormat, CorrectNetInfo.Version, setup, 2,
            [new EpochRecord(1, 0.05, 1.25, 0.5, 0.625, 0.125), new EpochRecord(2, 0.05, 1.0, 0.6, 0.404, 0.125)],
            new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));

    /// <summary>
    /// Rewrites a current checkpoint in the layout the kit wrote before checksums: "CNCKPT01", int32 header length,
    /// the header's JSON, the body (the same state dict bytes).
    /// </summary>
    private static void ToLegacy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        byte[] rest = bytes[CheckpointContainer.PreambleBytes..];
        File.WriteAllBytes(path, [.. "CNCKPT01"u8, .. BitConverter.GetBytes(headerLength), .. rest]);
        Assert.Equal(headerLength, Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(rest, 0, headerLength)));
    }

    /// <summary>What <paramref name="action"/> prints to Console.Error (the once-per-process flag reset first).
    /// </summary>
    private static string[] ErrorLines(Action action)
    {
        var original = Console.Error;
        using var capture = new StringWriter();
        Console.SetError(capture);
        try
        {
            UnverifiedFileWarning.ResetForTests();
            action();
        }
        finally
        {
            Console.SetError(original);
        }
        return capture.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static void AssertOneWarningNaming(string[] lines, string path)
    {
        var line = Assert.Single(lines);
        Assert.Equal(UnverifiedFileWarning.Message(path), line);
        Assert.Contains("unverified", line);
    }

    [Fact]
    public void ALegacyPlainCheckpointLoadsWithIdenticalWeightsAndWarnsOnce()
    {
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 5);
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        string path = _folder.File("old.ckpt");
        Checkpoint.Save(path, Header(setup), model, optimizer);
        var current = Checkpoint.ReadHeader(path);
        ToLegacy(path);
        byte[] legacy = File.ReadAllBytes(path);

        var lines = ErrorLines(() =>
        {
            for (int k = 0; k < 2; k++)
            {
                var (header, loaded) = Checkpoint.Load(path, setup);
                using (loaded) TrainingTestData.AssertSameWeights(model, loaded);
                Assert.Equal(JsonFormat.Serialize(current), JsonFormat.Serialize(header));
            }
            Assert.Equal(JsonFormat.Serialize(current), JsonFormat.Serialize(Checkpoint.ReadHeader(path)));
            // What `train` rerun does first: nothing to verify, so no error, the header as it is.
            Assert.Equal(JsonFormat.Serialize(current), JsonFormat.Serialize(Checkpoint.Verify(path)));
            using var into = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 9);
            using var intoOptimizer = optim.SGD(into.parameters(), 0.1, momentum: 0.9);
            Checkpoint.LoadInto(path, into, intoOptimizer);
            TrainingTestData.AssertSameWeights(model, into);
        });

        AssertOneWarningNaming(lines, path);
        Assert.Equal(legacy, File.ReadAllBytes(path)); // kept as it is
    }

    [Fact]
    public void ALegacyCompensatedCheckpointLoadsWithIdenticalWeightsAndWarnsOnce()
    {
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 6);
        var compensated = new CompensatedModel(model, [new("fc1", 2)],
            [TrainingTestData.TinyMlp.InChannels, TrainingTestData.TinyMlp.ImageSize,
                TrainingTestData.TinyMlp.ImageSize]);
        string path = _folder.File("old-compensated.ckpt");
        CompensatedCheckpoint.Save(path, compensated, Header(setup));
        ToLegacy(path);

        var lines = ErrorLines(() =>
        {
            for (int k = 0; k < 2; k++)
            {
                var (header, loaded) = CompensatedCheckpoint.Load(path);
                using (loaded) TrainingTestData.AssertSameWeights(compensated, loaded);
                Assert.Equal(setup, header.Base.Setup);
            }
        });

        AssertOneWarningNaming(lines, path);
    }

    [Fact]
    public void ALegacyCacheEntryReadsAsItIsAndAllLegacyFilesShareOneWarning()
    {
        string entry = _folder.File("montecarlo/old.json");
        string list = _folder.File("sensitivity/old.json");
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        Directory.CreateDirectory(Path.GetDirectoryName(list)!);
        File.WriteAllText(entry, Payload);
        File.WriteAllText(list, "[0.5,0.25]");
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 5);
        string checkpoint = _folder.File("old.ckpt");
        Checkpoint.Save(checkpoint, Header(setup), model);
        ToLegacy(checkpoint);

        var lines = ErrorLines(() =>
        {
            // Many sweep threads may meet legacy entries at once: still one line.
            Parallel.For(0, 16, k =>
            {
                Assert.Equal(Payload, ResultCache.ReadEntry(entry));
                Assert.Equal("[0.5,0.25]", ResultCache.ReadEntry(list));
            });
            Checkpoint.ReadHeader(checkpoint);
        });

        var line = Assert.Single(lines);
        Assert.True(line == UnverifiedFileWarning.Message(entry) || line == UnverifiedFileWarning.Message(list), line);
        Assert.Equal(Payload, File.ReadAllText(entry)); // never rewritten
    }

    [Fact]
    public void ALegacyMonteCarloEntryIsServedWithTheSameResults()
    {
        string path = _folder.File("montecarlo.json");
        var stored = new MonteCarloCacheEntry(3, 100, [0.5, 0.25, 0.125], 0.625, 12.5, 42);
        string bare = JsonFormat.Serialize(stored);
        File.WriteAllText(path, bare); // how the kit wrote entries before checksums

        MonteCarloCacheEntry? read = null;
        var lines = ErrorLines(() => read = AccuracyCurves.TryRead(path));

        Assert.NotNull(read);
        Assert.Equal(stored with { ChipAccuracies = [] }, read with { ChipAccuracies = [] });
        Assert.Equal(stored.ChipAccuracies, read.ChipAccuracies);
        AssertOneWarningNaming(lines, path);
        Assert.Equal(bare, File.ReadAllText(path));
    }

    [Fact]
    public void TrainedModelsServesALegacyCacheEntryInsteadOfRetrainingIt()
    {
        using var data = TrainingTestData.Synthetic(train: 96, test: 48);
        var cache = new ResultCache(_folder.Path);
        var setup = TrainingTestData.Setup(epochs: 1);
        using var first = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache));
        ToLegacy(first.CheckpointPath);
        byte[] legacy = File.ReadAllBytes(first.CheckpointPath);

        TrainedModel? second = null;
        IReadOnlyList<EpochRecord>? rerun = null;
        var lines = ErrorLines(() =>
        {
            second = TrainedModels.GetOrTrain(setup, data, new ExperimentContext(cache));
            // A rerun of the finished run (what `train` does): the stored history, no training.
            using var again = TrainingTestData.SeededModel(setup.Model, seed: 3);
            rerun = new Trainer(setup).Train(again, data, first.CheckpointPath);
            TrainingTestData.AssertSameWeights(first.Model, again);
        });

        using (second)
        {
            Assert.True(second!.FromCache);
            Assert.Equal(first.Header.History, second.Header.History);
            TrainingTestData.AssertSameWeights(first.Model, second.Model);
        }
        Assert.Equal(first.Header.History, rerun);
        AssertOneWarningNaming(lines, first.CheckpointPath);
        Assert.Equal(legacy, File.ReadAllBytes(first.CheckpointPath));
    }
}
