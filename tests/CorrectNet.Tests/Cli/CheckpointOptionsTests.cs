using System.CommandLine;
using CorrectNet.Cli;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Models;
using CorrectNet.Tests.Data;
using CorrectNet.Tests.Training;
using CorrectNet.Training;

namespace CorrectNet.Tests.Cli;

/// <summary>
/// The options evaluate, quantize, place and sharing share (CheckpointOptions): the order their help lists the options
/// in, and the order in which loading meets bad inputs, which decides the one error message a user sees. In process,
/// on a tiny saved checkpoint and a 28×28 IDX folder of 40 + 30 pattern images.
/// </summary>
public sealed class CheckpointOptionsTests : IDisposable
{
    private const int TrainImages = 40;
    private const int TestImages = 30;
    private const int HeaderMaxTest = 25;

    private readonly TestDataFiles _data = new();
    private readonly string _checkpoint;

    public CheckpointOptionsTests()
    {
        _data.WriteIdxDataset("fashion-mnist", TrainImages, TestImages, side: 28, classes: 10);
        var spec = new ModelSpec("mlp", InChannels: 1, ImageSize: 28, Classes: 10, WidthMultiplier: 0.1);
        var setup = new TrainingSetup(spec, "fashion-mnist", new DatasetOptions(MaxTest: HeaderMaxTest),
            new TrainingConfig { Epochs = 1 });
        using var model = TrainingTestData.SeededModel(spec, seed: 4);
        _checkpoint = Path.Combine(_data.Folder, "tiny.ckpt");
        Checkpoint.Save(_checkpoint, new CheckpointHeader(CheckpointHeader.CurrentFormat, CorrectNetInfo.Version,
            setup, 1, [], DateTime.UtcNow), model);
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void TheSharedOptionsFrameTheCommandsOwnInItsHelp()
    {
        var own = new Option<int>("--own");
        var command = new CheckpointOptions().AddTo(new Command("t"), own);

        Assert.Equal(["--checkpoint", "--sigma", "--own", "--device", "--data", "--json"],
            command.Options.Select(o => o.Name));
    }

    [Theory]
    [InlineData("evaluate", "--checkpoint --sigma --chips --first-chip --preset --seed --adc-noise --max-test " +
        "--calibration-images --batch-size --device --data --json")]
    [InlineData("quantize", "--checkpoint --sigma --adc-noise --max-drop --search --profile --chips --unseen-chips " +
        "--validation-chips --max-test --seed --unseen-seed --validation-seed --rows --fine-tune-epochs --device " +
        "--data --json")]
    [InlineData("place", "--checkpoint --sigma --agent --alpha --overhead --preset --seed --profile --layers --cache " +
        "--device --data --json")]
    [InlineData("sharing", "--checkpoint --sigma --preset --alpha --seed --profile --steps --shared-steps --chips " +
        "--max-test --race-min-chips --device --data --json")]
    public void EachCommandKeepsItsOptionOrder(string name, string options)
    {
        var command = name switch
        {
            "evaluate" => EvaluateCommand.Create(),
            "quantize" => QuantizeCommand.Create(),
            "place" => PlaceCommand.Create(),
            _ => SharingCommand.Create(),
        };

        Assert.Equal(options.Split(' '), command.Options.Select(o => o.Name));
    }

    [Fact]
    public void SigmaKeepsEachCommandsDefaultAndRefusesOverflowWhileParsing()
    {
        var sharing = new CheckpointOptions(sigma: 0.8);
        var command = sharing.AddTo(new Command("t"));

        Assert.Equal(0.8, command.Parse(["--checkpoint", "x"]).GetValue(sharing.Sigma));
        var error = Assert.Single(command.Parse(["--checkpoint", "x", "--sigma", "1e9"]).Errors);
        Assert.StartsWith("--sigma 1e9: must be in [0, ", error.Message);
    }

    [Fact]
    public void ABadDeviceIsNamedBeforeAMissingCheckpoint()
    {
        var options = new CheckpointOptions();

        var error = Assert.Throws<ArgumentException>(() => Load(options, [], "--checkpoint",
            Path.Combine(_data.Folder, "none.ckpt"), "--device", "gpu7"));
        Assert.Contains("--device gpu7", error.Message);
    }

    [Fact]
    public void AMissingCheckpointIsNamedBeforeAnUnknownProfile()
    {
        var profile = CommonOptions.Profile("p");
        var options = new CheckpointOptions(profile: profile);

        var error = Assert.Throws<FileNotFoundException>(() => Load(options, [profile], "--checkpoint",
            Path.Combine(_data.Folder, "none.ckpt"), "--profile", "nosuch"));
        Assert.Contains("none.ckpt", error.Message);
    }

    [Fact]
    public void AnUnknownProfileIsNamedBeforeMissingData()
    {
        var profile = CommonOptions.Profile("p");
        var options = new CheckpointOptions(profile: profile);

        var error = Assert.Throws<ArgumentException>(() => Load(options, [profile], "--checkpoint", _checkpoint,
            "--profile", "nosuch", "--data", Path.Combine(_data.Folder, "nowhere")));
        Assert.Contains("'nosuch'", error.Message);
    }

    [Fact]
    public void MissingDataIsNamedBeforeAnUnknownPreset()
    {
        var preset = CommonOptions.Preset();
        var options = new CheckpointOptions(preset: preset);
        string nowhere = Path.Combine(_data.Folder, "nowhere");

        var error = Assert.Throws<FileNotFoundException>(() => Load(options, [preset], "--checkpoint", _checkpoint,
            "--preset", "memristor", "--data", nowhere));
        Assert.Contains(nowhere, error.Message);
        Assert.DoesNotContain("memristor", error.Message);
    }

    [Fact]
    public void LoadReadsTheCheckpointItsDataAndWhatTheCommandDeclares()
    {
        var preset = CommonOptions.Preset();
        var maxTest = new Option<int?>("--max-test");
        var options = new CheckpointOptions(preset: preset, maxTest: maxTest);

        using (var run = Load(options, [preset, maxTest], "--checkpoint", _checkpoint, "--data", _data.Folder,
                   "--preset", "rram", "--sigma", "0.3", "--max-test", "7", "--json"))
        {
            Assert.Equal(7, run.Splits.Test.Count); // --max-test cuts the loaded test set
            Assert.Equal(TrainImages, run.Splits.Train.Count);
            Assert.Equal(0.3, run.Sigma);
            Assert.True(run.AsJson);
            Assert.Equal(CrossbarConfig.Preset("rram", 0.3), run.Config);
            Assert.Equal(Path.GetFullPath(_checkpoint), run.Trained.CheckpointPath);
            Assert.Equal("fashion-mnist", run.Header.Setup.Dataset);
            // No --profile declared: asking for one is a programming error, not a silent default profile.
            Assert.Throws<InvalidOperationException>(() => run.Experiment);
            Assert.InRange(run.Seconds, 0, 600);
        }
        using (var run = Load(options, [preset, maxTest], "--checkpoint", _checkpoint, "--data", _data.Folder))
        {
            Assert.Equal(HeaderMaxTest, run.Splits.Test.Count); // without --max-test: the checkpoint's own cut
            Assert.Equal(CrossbarConfig.Preset(CrossbarConfig.LognormalPreset, 0.5), run.Config);
            Assert.False(run.AsJson);
        }
    }

    [Fact]
    public void ACommandWithoutPresetHasNoConfigButItsProfile()
    {
        var profile = CommonOptions.Profile("p");
        var options = new CheckpointOptions(profile: profile);

        using var run = Load(options, [profile], "--checkpoint", _checkpoint, "--data", _data.Folder,
            "--profile", "quick");

        Assert.Equal("quick", run.Experiment.Name);
        Assert.Throws<InvalidOperationException>(() => run.Config);
    }

    /// <summary>Parses <paramref name="args"/> as a command of the shared and the <paramref name="own"/> options
    /// (which must parse cleanly), then loads.</summary>
    private static CheckpointRun Load(CheckpointOptions options, Option[] own, params string[] args)
    {
        var parse = options.AddTo(new Command("t"), own).Parse(args);
        Assert.Empty(parse.Errors);
        return options.Load(parse);
    }
}
