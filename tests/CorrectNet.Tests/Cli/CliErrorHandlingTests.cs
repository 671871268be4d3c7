using System.Text.Json;

namespace CorrectNet.Tests.Cli;

/// <summary>
/// The CLI as a process: bad input ends with exit 1 and one message on stderr naming the file or option (never an
/// abort, exit 134); --json leaves the JSON alone on stdout (train, evaluate, place, bench). Each case starts a
/// process, so the list stays short.
/// </summary>
public sealed class CliErrorHandlingTests(TinyCheckpointFixture fixture) : IClassFixture<TinyCheckpointFixture>
{
    [Fact]
    public void TrainJsonStdoutIsTheJsonAlone()
    {
        Assert.True(fixture.Train.ExitCode == 0, fixture.Train.ToString());
        Assert.Equal(1, fixture.TrainResult.GetProperty("epochs").GetInt32());
        Assert.Contains("epoch 1/1", fixture.Train.StandardError); // progress went to stderr
    }

    [Fact]
    public void EvaluateJsonStdoutParsesAndRecordsTheAdcNoise()
    {
        var run = CliProcess.Run("evaluate", "--checkpoint", fixture.Checkpoint,
            "--data", TinyCheckpointFixture.DataFolder, "--preset", "rram", "--adc-noise", "0.5",
            "--chips", "2", "--calibration-images", "32", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal(0.5, result.GetProperty("adc_noise_lsb").GetDouble());
        Assert.Equal(200, result.GetProperty("test_images").GetInt32());
        Assert.InRange(result.GetProperty("mean_accuracy").GetDouble(), 0, 1);
        Assert.Contains("chip 2/2", run.StandardError);
    }

    [Fact]
    public void PlaceJsonStdoutIsTheJsonAlone()
    {
        // The smallest search place offers: greedy under the quick profile (a handful of short unit trainings on
        // 3 chips), with a cache of its own so neither the kit's cache nor another run feeds it.
        var run = CliProcess.Run("place", "--checkpoint", fixture.Checkpoint,
            "--data", TinyCheckpointFixture.DataFolder, "--agent", "greedy", "--profile", "quick",
            "--cache", Path.Combine(fixture.Folder, "place-cache"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.StandardOutput); // one JSON value and nothing else
        var result = document.RootElement;
        Assert.Equal(JsonValueKind.Object, result.ValueKind);
        Assert.Equal("greedy", result.GetProperty("method").GetString());
        Assert.InRange(result.GetProperty("mean_accuracy").GetDouble(), 0, 1);
        Assert.Contains("placement [", run.StandardError); // progress and summary lines went to stderr
        Assert.Contains("greedy     best [", run.StandardError);
    }

    [Fact]
    public void BenchPenaltyJsonStdoutIsTheJsonAlone()
    {
        var run = CliProcess.Run("bench", "--penalty", "--images", "8", "--repeats", "1", "--vgg-width", "0.25",
            "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal(2, document.RootElement.GetArrayLength()); // LeNet-5 and VGG-16
        Assert.Contains("step without (ms)", run.StandardError); // the table went to stderr
    }

    // Cut in half: the deflate data ends early. Cut by its 8-byte trailer (CRC-32, ISIZE): the deflate data is whole
    // and GZipStream ends quietly; only the trailer check (DataFile) notices, and the message names the file.
    [Theory]
    [InlineData("half", "truncated")]
    [InlineData("trailer", "trailer")]
    public void TruncatedGzipDataFileIsNamedAndExitsOne(string cut, string problem)
    {
        string data = Path.Combine(fixture.Folder, "damaged-data-" + cut);
        string folder = Path.Combine(data, "fashion-mnist");
        Directory.CreateDirectory(folder);
        string source = Path.Combine(TinyCheckpointFixture.DataFolder, "fashion-mnist");
        foreach (string file in Directory.GetFiles(source, "*.gz"))
        {
            string target = Path.Combine(folder, Path.GetFileName(file));
            if (!File.Exists(target)) File.CreateSymbolicLink(target, file); // intact files: no 30 MB copy
        }
        string damaged = Path.Combine(folder, "t10k-labels-idx1-ubyte.gz");
        byte[] bytes = File.ReadAllBytes(Path.Combine(source, "t10k-labels-idx1-ubyte.gz"));
        File.Delete(damaged);
        File.WriteAllBytes(damaged, cut == "half" ? bytes[..(bytes.Length / 2)] : bytes[..^8]);

        var run = CliProcess.Run("evaluate", "--checkpoint", fixture.Checkpoint, "--data", data, "--chips", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("t10k-labels-idx1-ubyte.gz", run.StandardError);
        Assert.Contains(problem, run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardError); // a message, not a stack trace
    }

    [Theory]
    [InlineData("evaluate", "--adc-noise", "-1")]
    [InlineData("evaluate", "--max-test", "0")]
    [InlineData("evaluate", "--sigma", "1e9")]
    [InlineData("evaluate", "--calibration-images", "0")]
    [InlineData("reproduce", "--timeout", "-1")]
    [InlineData("bench", "--sigma", "1e9")]
    [InlineData("train", "--max-train", "0")]
    public void OutOfRangeOptionIsRefusedByName(string command, string option, string value)
    {
        // Refused while parsing: neither the checkpoint nor the data is opened.
        string[] args = command switch
        {
            "evaluate" => [command, "--checkpoint", Path.Combine(fixture.Folder, "none.ckpt"), option, value],
            "bench" => [command, option, value],
            _ => [command, "--out", Path.Combine(fixture.Folder, "never.ckpt"), option, value],
        };

        var run = CliProcess.Run(args);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{option} {value}", run.StandardError);
        Assert.Contains("must be", run.StandardError);
        Assert.Equal("", run.StandardOutput.Trim());
    }

    [Fact]
    public void UnwritableOutIsRefusedBeforeTraining()
    {
        // A path below a regular file cannot be created, even by root (permission bits would not stop root).
        string file = Path.Combine(fixture.Folder, "a-file");
        File.WriteAllText(file, "");

        var run = CliProcess.Run("train", "--out", Path.Combine(file, "model.ckpt"),
            "--data", TinyCheckpointFixture.DataFolder, "--epochs", "1", "--max-train", "100", "--max-test", "100");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("--out", run.StandardError);
        Assert.DoesNotContain("epoch 1/1", run.StandardOutput + run.StandardError);
    }

    [Fact]
    public void ReproduceRefusesAnUnwritableOutBeforeRunningANotebook()
    {
        string file = Path.Combine(fixture.Folder, "a-file-for-reproduce");
        File.WriteAllText(file, "");

        var run = CliProcess.Run("reproduce", "--profile", "quick", "--notebooks", "00-tour",
            "--out", Path.Combine(file, "artifacts"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("--out", run.StandardError);
        Assert.DoesNotContain("00-tour", run.StandardOutput);
    }

    [Fact]
    public void YamlGridWithUnclosedBracketNamesFileAndLine()
    {
        string grid = Path.Combine(fixture.Folder, "unclosed.yaml");
        File.WriteAllText(grid, "models: [lenet5\ndatasets: [fashion-mnist]\nsigmas: [0.5]\n");

        var run = CliProcess.Run("sweep", "--grid", grid, "--out", Path.Combine(fixture.Folder, "sweep"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("unclosed.yaml", run.StandardError);
        Assert.Contains("line ", run.StandardError);
    }
}
