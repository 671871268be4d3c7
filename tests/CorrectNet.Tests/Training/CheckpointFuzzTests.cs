using CorrectNet.Compensation;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>
/// Damages small checkpoints on purpose (truncations, flipped bits; fixed seeds) and requires each case to end in a
/// clear error naming the file, or in exactly the intact file's weights: never a model that silently differs.
/// </summary>
public sealed class CheckpointFuzzTests : IDisposable
{
    private static readonly string[] Clear = ["truncated", "damaged", "not a CorrectNet checkpoint", "newer"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CheckpointHeader Header(TrainingSetup setup, string? version = null) =>
        new(CheckpointHeader.CurrentFormat, version ?? CorrectNetInfo.Version, setup, 2,
            [new EpochRecord(1, 0.05, 1.25, 0.5, 0.625, 0.125), new EpochRecord(2, 0.05, 1.0, 0.6, 0.404, 0.125)],
            new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));

    /// <summary>A tiny MLP checkpoint with optimizer state: every part of the layout is present.</summary>
    private (string Path, byte[] Bytes, nn.Module<Tensor, Tensor> Model, TrainingSetup Setup) Intact()
    {
        var setup = TrainingTestData.Setup();
        var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 5);
        using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        string path = _folder.File("intact.ckpt");
        Checkpoint.Save(path, Header(setup), model, optimizer);
        return (path, File.ReadAllBytes(path), model, setup);
    }

    /// <summary>Null when the case is fine, else what went wrong.</summary>
    private static string? Outcome(string path, Func<nn.Module> load, nn.Module intact)
    {
        try
        {
            using var loaded = load();
            return TrainingTestData.SameWeights(intact, loaded) ? null
                : "loaded without an error, but with other weights";
        }
        catch (InvalidDataException e)
        {
            if (!e.Message.Contains(path,
                StringComparison.Ordinal)) return $"error without the file's name: {e.Message}";
            return Clear.Any(c => e.Message.Contains(c, StringComparison.Ordinal)) ? null
                : $"unclear error: {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} instead of InvalidDataException: {e.Message}";
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Cases(byte[] intact, int seed, int flips)
    {
        // Every truncation inside the preamble and the header's start, then 48 offsets spread over the rest.
        var random = new Random(seed);
        int dense = CheckpointContainer.PreambleBytes + 64;
        var offsets = Enumerable.Range(0, dense)
            .Concat(Enumerable.Range(0, 48).Select(k => dense + (int)((long)k * (intact.Length - dense) / 48)))
            .Concat([intact.Length - 10, intact.Length - 1]);
        foreach (int keep in offsets.Distinct())
            yield return ($"truncated to {keep} of {intact.Length} bytes", intact[..keep]);
        yield return ("one byte appended", [.. intact, 0]);
        for (int k = 0; k < flips; k++)
        {
            // Half the flips land in the first 1 KiB (preamble, header), half anywhere.
            int at = k % 2 == 0 ? random.Next(Math.Min(1024, intact.Length)) : random.Next(intact.Length);
            byte mask = (byte)(1 << random.Next(8));
            var damaged = (byte[])intact.Clone();
            damaged[at] ^= mask;
            yield return ($"byte {at} xor 0x{mask:X2}", damaged);
        }
    }

    private static void AssertEveryCase(string path, byte[] intact, int seed, int flips, Func<nn.Module> load,
        nn.Module model)
    {
        var failures = new List<string>();
        int cases = 0;
        foreach (var (name, bytes) in Cases(intact, seed, flips))
        {
            File.WriteAllBytes(path, bytes);
            cases++;
            if (Outcome(path, load, model) is { } problem) failures.Add($"{name}: {problem}");
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {cases} damaged checkpoints were not refused clearly:\n  " + string.Join("\n  ",
                failures.Take(8)));
    }

    [Fact]
    public void EveryTruncationAndFlipOfAPlainCheckpointIsAClearErrorOrTheIntactWeights()
    {
        var (_, bytes, model, setup) = Intact();
        using var _ = model;
        string path = _folder.File("damaged.ckpt");
        AssertEveryCase(path, bytes, seed: 20240611, flips: 64, () => Checkpoint.Load(path, setup).Model, model);

        // The intact bytes still load to the same weights (the harness itself accepts a good file).
        File.WriteAllBytes(path, bytes);
        Assert.Null(Outcome(path, () => Checkpoint.Load(path, setup).Model, model));
    }

    [Fact]
    public void EveryTruncationAndFlipOfACompensatedCheckpointIsAClearErrorOrTheIntactWeights()
    {
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 6);
        var compensated = new CompensatedModel(model, [new("fc1", 2)],
            [TrainingTestData.TinyMlp.InChannels, TrainingTestData.TinyMlp.ImageSize,
                TrainingTestData.TinyMlp.ImageSize]);
        string intact = _folder.File("compensated.ckpt");
        CompensatedCheckpoint.Save(intact, compensated, Header(setup));
        string path = _folder.File("damaged-compensated.ckpt");

        AssertEveryCase(path, File.ReadAllBytes(intact), seed: 7, flips: 32,
            () => CompensatedCheckpoint.Load(path).Model, compensated);
    }

    [Theory]
    [InlineData(50, "preamble")]
    [InlineData(CheckpointContainer.PreambleBytes + 5, "header")]
    [InlineData(-30, "weights of 'mlp'")]
    public void AFlippedByteNamesTheDamagedPart(int at, string part)
    {
        var (_, bytes, model, setup) = Intact();
        using var _ = model;
        bytes[at >= 0 ? at : bytes.Length + at] ^= 0x10;
        string path = _folder.File("flipped.ckpt");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, setup));

        Assert.Contains(path, e.Message);
        Assert.Contains("damaged", e.Message);
        Assert.Contains(part, e.Message);
    }

    [Fact]
    public void ReadingTheHeaderAloneNoticesTruncationAndVerifyNoticesDamagedWeights()
    {
        var (_, bytes, model, _) = Intact();
        using var _ = model;
        string path = _folder.File("cut.ckpt");
        File.WriteAllBytes(path, bytes[..^10]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Checkpoint.ReadHeader(path)).Message);

        bytes[^20] ^= 1;
        File.WriteAllBytes(path, bytes);
        Assert.Equal(2, Checkpoint.ReadHeader(path).EpochsCompleted); // the header alone is intact
        Assert.Contains("weights", Assert.Throws<InvalidDataException>(() => Checkpoint.Verify(path)).Message);
    }

    [Fact]
    public void RerunningAFinishedRunWithDamagedWeightsFailsBeforeReportingItsHistory()
    {
        using var data = TrainingTestData.Synthetic();
        var setup = TrainingTestData.Setup(epochs: 1);
        string path = _folder.File("finished.ckpt");
        using (var model = TrainingTestData.SeededModel(setup.Model, seed: 11)) new Trainer(setup).Train(model,
            data, path);
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x04; // inside the weights or optimizer state
        File.WriteAllBytes(path, bytes);

        using var rerun = TrainingTestData.SeededModel(setup.Model, seed: 11);
        var e = Assert.Throws<InvalidDataException>(() => new Trainer(setup).Train(rerun, data, path));

        Assert.Contains(path, e.Message);
        Assert.Contains("do not match their SHA-256 checksum", e.Message);
    }

    [Fact]
    public void ACheckpointOfANewerLibraryIsRefused()
    {
        var setup = TrainingTestData.Setup();
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 5);
        string path = _folder.File("newer.ckpt");
        Checkpoint.Save(path, Header(setup, version: "999.0.0"), model);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, setup));

        Assert.Contains(path, e.Message);
        Assert.Contains("newer than this library", e.Message);
        Assert.Contains("999.0.0", e.Message);
    }
}
