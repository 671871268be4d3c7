using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CheckpointHeader Header(TrainingSetup setup, int epochsCompleted = 1) =>
        new(CheckpointHeader.CurrentFormat, CorrectNetInfo.Version, setup, epochsCompleted,
            [
                new EpochRecord(1, 0.05, 1.25, 0.5, 0.625, 0.125),
                new EpochRecord(2, 0.1 / 3, 0.7071067811865476, 0.75, 0.875, 1e-3, Threads: 2),
            ],
            new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc));

    [Theory]
    [InlineData("mlp", 8, 3, 0.1)]
    [InlineData("lenet5", 28, 10, 0.5)]
    public void RoundTripGivesIdenticalOutputs(string name, int side, int classes, double width)
    {
        var spec = new ModelSpec(name, 1, side, classes, width);
        var setup = TrainingTestData.Setup() with { Model = spec };
        using var model = TrainingTestData.SeededModel(spec, seed: 3);
        using var input = TrainingTestData.FixedInput(spec);
        float[] before = TrainingTestData.Outputs(model, input);
        string path = _folder.File("model.ckpt");

        Checkpoint.Save(path, Header(setup), model);
        var (header, loaded) = Checkpoint.Load(path, setup);
        using var _ = loaded;

        Assert.Equal(before, TrainingTestData.Outputs(loaded, input));
        TrainingTestData.AssertSameWeights(model, loaded);
        Assert.Equal(setup, header.Setup);
    }

    [Fact]
    public void LoadedModelIsNotTheFreshInitialization()
    {
        // Guards the round-trip test: two differently seeded models must differ, else "identical" proves nothing.
        using var a = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 3);
        using var b = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 4);

        Assert.False(TrainingTestData.SameWeights(a, b));
    }

    [Fact]
    public void HeaderWrittenBeforeThreadsWereRecordedReadsWithoutThem()
    {
        // Every checkpoint of an existing cache lacks the field: it must still load, with the count unknown.
        var written = Header(TrainingTestData.Setup());
        var json = System.Text.Json.Nodes.JsonNode.Parse(JsonFormat.Serialize(written))!;
        foreach (var epoch in json["history"]!.AsArray()) epoch!.AsObject().Remove("threads");
        Assert.DoesNotContain("threads", json.ToJsonString());

        var read = JsonFormat.Deserialize<CheckpointHeader>(json.ToJsonString(), "old.ckpt");

        Assert.All(read.History, e => Assert.Null(e.Threads));
        Assert.Equal(written.History.Select(e => e with { Threads = null }), read.History);
    }

    [Fact]
    public void HeaderRoundTrips()
    {
        var setup = TrainingTestData.Setup(epochs: 3) with
        {
            Training = new TrainingConfig
            {
                Epochs = 3,
                Optimizer = OptimizerKind.Adam,
                Schedule = ScheduleKind.Step,
                LearningRate = 1e-3 / 7,
            },
        };
        var written = Header(setup, epochsCompleted: 2);
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 1);
        string path = _folder.File("h.ckpt");

        Checkpoint.Save(path, written, model);
        var read = Checkpoint.ReadHeader(path);

        Assert.Equal(written.Format, read.Format);
        Assert.Equal(written.LibraryVersion, read.LibraryVersion);
        Assert.Equal(setup, read.Setup);
        Assert.Equal(2, read.EpochsCompleted);
        Assert.Equal(written.History, read.History); // doubles round-trip exactly
        Assert.Equal(written.SavedUtc, read.SavedUtc);
        Assert.Equal(DateTimeKind.Utc, read.SavedUtc.Kind);
        Assert.False(read.IsComplete);
    }

    [Fact]
    public void DifferentExpectedSetupNamesEveryDifferingField()
    {
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 1);
        string path = _folder.File("setup.ckpt");
        Checkpoint.Save(path, Header(setup), model);
        var expected = setup with
        {
            Training = setup.Training with { LearningRate = 0.2, Seed = 5 },
            Data = setup.Data with { MaxTest = null },
        };

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, expected));

        Assert.Contains(path, e.Message);
        Assert.Contains("training.learning_rate: 0.2 → 0.05", e.Message);
        Assert.Contains("training.seed: 5 → 1", e.Message);
        Assert.Contains("data.max_test: null → 96", e.Message);
        Assert.DoesNotContain("model.", e.Message);
        Assert.DoesNotContain("training.epochs", e.Message);
    }

    [Fact]
    public void WrongMagicBytesNameThePath()
    {
        string path = _folder.File("not-a-checkpoint.ckpt");
        File.WriteAllBytes(path, "NOTACKPT\u0004\0\0\0{}{}"u8.ToArray());

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("not a CorrectNet checkpoint", e.Message);
    }

    [Fact]
    public void EmptyFileNamesThePath()
    {
        string path = _folder.File("empty.ckpt");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadHeader(path));

        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(10, "truncated")]  // inside the header length
    [InlineData(40, "truncated")]  // inside the JSON header
    [InlineData(-200, "mlp")]      // inside the weights
    [InlineData(-1, "mlp")]        // only the optimizer flag missing
    public void TruncatedFileGivesInvalidDataNamingThePath(int keep, string saying)
    {
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 1);
        string full = _folder.File("full.ckpt");
        Checkpoint.Save(full, Header(setup), model);
        byte[] bytes = File.ReadAllBytes(full);
        string path = _folder.File("truncated.ckpt");
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, setup));

        Assert.Contains(path, e.Message);
        Assert.Contains(saying, e.Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        string path = _folder.File("missing.ckpt");

        var e = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void WeightsOfAnotherModelAreInvalidData()
    {
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 1);
        string path = _folder.File("mlp.ckpt");
        Checkpoint.Save(path, Header(setup), model);
        using var other = TrainingTestData.SeededModel(
            TrainingTestData.TinyMlp with { WidthMultiplier = 0.2 }, seed: 1);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadInto(path, other, optimizer: null));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void SaveIsAtomicAndLeavesNoTemporaryFiles()
    {
        var setup = TrainingTestData.Setup();
        using var first = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 1);
        using var second = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 2);
        using var optimizer = optim.SGD(second.parameters(), 0.1, momentum: 0.9);
        string path = _folder.File("sub/atomic.ckpt");

        Checkpoint.Save(path, Header(setup), first);
        Assert.Equal(["sub/atomic.ckpt"], _folder.Files().Select(f => f.Replace('\\', '/')));

        Checkpoint.Save(path, Header(setup, epochsCompleted: 2), second, optimizer); // overwrite
        Assert.Equal(["sub/atomic.ckpt"], _folder.Files().Select(f => f.Replace('\\', '/')));

        var (header, loaded) = Checkpoint.Load(path, setup);
        using var _ = loaded;
        Assert.Equal(2, header.EpochsCompleted);
        TrainingTestData.AssertSameWeights(second, loaded);
    }
}
