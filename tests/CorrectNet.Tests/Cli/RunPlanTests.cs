using CorrectNet.Cli;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Cli;

/// <summary>reproduce's plan (docs/method.md F41) on a temporary cache folder.</summary>
public sealed class RunPlanTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly TimingsFolder _timings;
    private readonly string _modelEntry;
    private readonly string _curveEntry;

    public RunPlanTests()
    {
        _timings = new TimingsFolder(_folder.Path, "default");
        _modelEntry = _folder.File("models/a.ckpt");
        _curveEntry = _folder.File("monte-carlo/b.json");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WithoutARecordTheEstimateIsUnknown()
    {
        var plan = RunPlan.Make(["01-x"], _timings);

        var row = Assert.Single(plan.Rows);
        Assert.Null(row.EstimateSeconds);
        Assert.Null(row.Entries);
        Assert.Equal("–", RunPlan.CachedText(row));
        Assert.Equal("unknown", plan.TotalText());
    }

    [Fact]
    public void AfterAColdRunTheWarmEstimateIsItsTimeOutsideStages()
    {
        Remember("01-x", wall: 600, computed: true, new StageSeconds(300, 120, 0, 60));
        CreateEntries();

        var row = RunPlan.Make(["01-x"], _timings).Rows.Single();

        Assert.Equal((2, 2), (row.Present, row.Entries));
        Assert.True(row.Cached);
        Assert.Equal(600 - 480, row.EstimateSeconds!.Value, 9);
        Assert.Equal("2/2", RunPlan.CachedText(row));
    }

    [Fact]
    public void AllEntriesPresentUsesTheLastWarmRunAndAMissingEntryTheLastColdRun()
    {
        Remember("01-x", wall: 600, computed: true, new StageSeconds(300, 120, 0, 60));
        CreateEntries();
        Remember("01-x", wall: 90, computed: false, new StageSeconds(0, 5, 0, 0));

        var warm = RunPlan.Make(["01-x"], _timings).Rows.Single();
        File.Delete(_curveEntry);
        var cold = RunPlan.Make(["01-x"], _timings).Rows.Single();

        Assert.Equal(90, warm.EstimateSeconds);
        Assert.StartsWith("last warm run", warm.Basis);
        Assert.Equal(600, cold.EstimateSeconds);
        Assert.Equal((1, 2), (cold.Present, cold.Entries));
        Assert.Equal("1/2 (1 to compute)", RunPlan.CachedText(cold));
    }

    [Fact]
    public void MissingEntriesWithoutAColdRecordAreUnknown()
    {
        Remember("01-x", wall: 90, computed: false, StageSeconds.Zero);

        var row = RunPlan.Make(["01-x"], _timings, exists: _ => false).Rows.Single();

        Assert.Null(row.EstimateSeconds);
        Assert.Equal((0, 2), (row.Present, row.Entries));
    }

    [Fact]
    public void FailedRunsAndRunsWithoutAKernelRecordAreNotRemembered()
    {
        _timings.Remember(new NotebookResult("01-x", false, TimeSpan.FromSeconds(5), "cell 3 failed",
            Timings: Record(computed: true, StageSeconds.Zero)), Day);
        _timings.Remember(new NotebookResult("01-x", true, TimeSpan.FromSeconds(5), null), Day);

        Assert.Equal(NotebookHistory.Empty, _timings.History("01-x"));
        Assert.False(File.Exists(_timings.HistoryPath("01-x")));
    }

    [Fact]
    public void TheTotalSumsKnownEstimatesAndCountsUnknownOnes()
    {
        Remember("01-x", wall: 600, computed: true, StageSeconds.Zero);
        Remember("02-y", wall: 300, computed: true, StageSeconds.Zero);

        var plan = RunPlan.Make(["01-x", "02-y", "03-z"], _timings, exists: _ => false);

        Assert.Equal(900, plan.KnownSeconds);
        Assert.Equal(1, plan.Unknown);
        Assert.Equal("≥ 15.0 min (1 unknown)", plan.TotalText());
    }

    [Fact]
    public void ADamagedHistoryCostsTheEstimateNotTheRun()
    {
        Directory.CreateDirectory(_timings.Folder);
        File.WriteAllText(_timings.HistoryPath("01-x"), "{ truncated");

        Assert.Null(RunPlan.Make(["01-x"], _timings).Rows.Single().EstimateSeconds);
    }

    [Fact]
    public void TheKernelRecordIsReadBackAndClearedBeforeTheNextRun()
    {
        var record = Record(computed: false, new StageSeconds(1, 2, 3, 4));
        record.Write(_timings.KernelRecordPath("01-x"));

        Assert.Equal(record.Stages, _timings.KernelRecord("01-x")!.Stages);
        _timings.ClearKernelRecord("01-x");
        Assert.Null(_timings.KernelRecord("01-x"));
        Assert.Equal(Path.Combine(_folder.Path, "timings", "default", "01-x.json"), _timings.KernelRecordPath("01-x"));
    }

    private void Remember(string notebook, double wall, bool computed, StageSeconds stages) =>
        _timings.Remember(new NotebookResult(notebook, true, TimeSpan.FromSeconds(wall), null,
            Timings: Record(computed, stages)), Day);

    private TimingsRecord Record(bool computed, StageSeconds stages) =>
        new(TimingsRecord.CurrentFormat, Day, 1, stages,
            [new CachePathUse(_modelEntry, true), new CachePathUse(_curveEntry, !computed)]);

    private void CreateEntries()
    {
        foreach (string entry in new[] { _modelEntry, _curveEntry })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
            File.WriteAllText(entry, "{}");
        }
    }
}
