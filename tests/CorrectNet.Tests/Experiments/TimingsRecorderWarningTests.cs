using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments;

/// <summary>A timings file that cannot be written costs a warning, never the computation.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class TimingsRecorderWarningTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnUnwritableFileWarnsOnceAndDoesNotThrow()
    {
        string blocker = _folder.File("not-a-folder");
        File.WriteAllText(blocker, "a file where the folder should be");
        var clock = new StageClock(new ManualTime());
        using var recorder = new TimingsRecorder(clock, Path.Combine(blocker, "nb.json"), TimeSpan.Zero);
        var saved = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            using (clock.Begin(Stage.Training)) { }
            using (clock.Begin(Stage.Training)) { }
        }
        finally
        {
            Console.SetError(saved);
        }

        string[] lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("cannot write the timings file", lines[0]);
    }
}
