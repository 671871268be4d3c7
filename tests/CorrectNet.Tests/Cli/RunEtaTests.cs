using CorrectNet.Cli;
using Spectre.Console;

namespace CorrectNet.Tests.Cli;

/// <summary>The overall ETA (docs/method.md F41) and the progress lines reproduce prints when not on a terminal.
/// </summary>
public sealed class RunEtaTests
{
    [Fact]
    public void RemainingScalesTheEstimatesByActualOverEstimatedSoFar()
    {
        var eta = new RunEta([60, 120, null, 240]);

        Assert.Equal((420.0, 1), eta.Remaining());
        eta.Finished(90); // 1.5 × its estimate
        Assert.Equal(1.5, eta.Scale, 12);
        Assert.Equal((150.0 + 360, 1), eta.Remaining(runningSeconds: 30));
        Assert.Equal((360.0, 1), eta.Remaining(runningSeconds: 500)); // overrunning: its share is 0, not negative
        eta.Finished(100);
        Assert.Equal(190.0 / 180, eta.Scale, 12);
        eta.Finished(50); // no estimate: the scale stays
        Assert.Equal(190.0 / 180, eta.Scale, 12);
        var (seconds, unknown) = eta.Remaining();
        Assert.Equal(240 * 190.0 / 180, seconds!.Value, 9);
        Assert.Equal(0, unknown);
        eta.Finished(200);
        Assert.Equal((0.0, 0), eta.Remaining());
        Assert.Throws<InvalidOperationException>(() => eta.Finished(1));
    }

    [Fact]
    public void WithoutAnyEstimateTheEtaIsUnknown()
    {
        var eta = new RunEta([null, null]);

        Assert.Equal((null, 2), eta.Remaining());
        Assert.Equal("0/2 notebooks done, elapsed 0.0 min, ETA unknown", ConsoleProgress.OverallLine(eta, default));
        Assert.Equal(0, eta.Fraction(1000));
    }

    [Fact]
    public void TheFractionCountsTheRunningNotebooksShare()
    {
        var eta = new RunEta([100, 100]);

        Assert.Equal(0.25, eta.Fraction(50), 12);
        Assert.Equal(0.99 / 2, eta.Fraction(1000), 12);
        eta.Finished(100);
        Assert.Equal(0.5, eta.Fraction(), 12);
    }

    [Fact]
    public void PlainOutputHasTheOutcomeAndTheOverallLinePerNotebook()
    {
        var eta = new RunEta([60, null, 120]);
        var lines = new StringWriter();
        double[] took = [120, 30, 240];
        var elapsed = TimeSpan.Zero;

        var results = ConsoleProgress.RunNotebooksPlain(["01-a", "02-b", "03-c"], eta, i =>
        {
            elapsed += TimeSpan.FromSeconds(took[i]);
            return new NotebookResult($"0{i + 1}", i != 1, TimeSpan.FromSeconds(took[i]), i == 1 ? "cell 2" : null);
        }, r => r.Succeeded ? "ok" : $"FAILED: {r.Failure}", lines, () => elapsed);

        Assert.Equal(3, results.Count);
        Assert.Equal(string.Join(Environment.NewLine,
            "▶ 01-a",
            "  ok",
            "  1/3 notebooks done, elapsed 2.0 min, ETA ≥ 4.0 min (1 without estimate)",
            "▶ 02-b",
            "  FAILED: cell 2",
            "  2/3 notebooks done, elapsed 2.5 min, ETA 4.0 min",
            "▶ 03-c",
            "  ok",
            "  3/3 notebooks done, elapsed 6.5 min, ETA 0.0 min",
            ""), lines.ToString());
    }

    [Fact]
    public void TheLiveDisplayShowsEachOutcomeAndEndsWithTheOverallLine()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        var eta = new RunEta([60, 60]);

        var results = ConsoleProgress.RunNotebooksLive(console, ["01-a", "02-b"], eta, i =>
        {
            Thread.Sleep(400); // several refreshes of the overall line while it runs
            return new NotebookResult($"0{i + 1}-x", i == 0, TimeSpan.FromSeconds(30), i == 0 ? null : "cell 4");
        }, r => r.Succeeded ? "ok" : $"FAILED: {r.Failure}", TimeSpan.FromMilliseconds(10));

        string text = output.ToString();
        Assert.Equal(2, results.Count);
        Assert.Equal(2, eta.Done);
        Assert.Contains("0/2 notebooks done, elapsed 0.0 min, ETA 2.0 min", text); // while the first one runs
        Assert.Contains("1/2 notebooks done, elapsed 0.0 min, ETA 0.5 min", text); // it took half its estimate
        Assert.Contains("▶ 01-x: ok", text);
        Assert.Contains("▶ 02-x: FAILED: cell 4", text);
        Assert.Matches(@"2/2 notebooks done, elapsed \d+\.\d min, ETA 0\.0 min\s*$", text);
    }
}
