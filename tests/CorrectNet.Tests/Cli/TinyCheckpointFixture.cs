using System.Text.Json;
using CorrectNet.Tests.Data;

namespace CorrectNet.Tests.Cli;

/// <summary>
/// One short `correctnet train --json` run (1 epoch on 300 images) shared by the CLI tests: its checkpoint feeds
/// evaluate, and its stdout must be the JSON result alone.
/// </summary>
public sealed class TinyCheckpointFixture : IDisposable
{
    public TinyCheckpointFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "correctnet-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Checkpoint = Path.Combine(Folder, "tiny.ckpt");
        Train = CliProcess.Run("train", "--epochs", "1", "--max-train", "300", "--max-test", "200",
            "--data", DataFolder, "--out", Checkpoint, "--json");
    }

    public string Folder { get; }

    public string Checkpoint { get; }

    public static string DataFolder => TestDataFiles.RepositoryDataFolder();

    internal CliRun Train { get; }

    /// <summary>The train run's stdout parsed as one JSON object (fails the calling test otherwise).</summary>
    public JsonElement TrainResult => JsonDocument.Parse(Train.StandardOutput).RootElement;

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { } // a leftover temp folder is not worth failing a test run over
    }
}
