using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments;

/// <summary>The CORRECTNET_TIMINGS file: written after each outermost stage, round-trips, replaced atomically.
/// </summary>
public sealed class TimingsRecorderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ManualTime _time = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheFileRoundTripsStagesAndCachePathsWithHitsAndMisses()
    {
        var clock = new StageClock(_time);
        string file = _folder.File("timings/nb.json");
        string present = _folder.File("cache/models/a.ckpt");
        string missing = _folder.File("cache/models/b.json");
        Directory.CreateDirectory(Path.GetDirectoryName(present)!);
        File.WriteAllText(present, "x");
        using var recorder = new TimingsRecorder(clock, file, TimeSpan.Zero);

        recorder.Touch(present);
        recorder.Touch(missing);
        File.WriteAllText(missing, "computed"); // later uses of the same path do not count
        recorder.Touch(missing);
        using (clock.Begin(Stage.Training)) _time.Advance(5);
        _time.Advance(2);
        using (clock.Begin(Stage.MonteCarlo)) _time.Advance(3);

        var read = TimingsRecord.Read(file)!;
        Assert.Equal(TimingsRecord.CurrentFormat, read.Format);
        Assert.Equal(new StageSeconds(5, 3, 0, 0), read.Stages);
        Assert.Equal(10, read.ElapsedSeconds, 9);
        Assert.Equal([new CachePathUse(present, true), new CachePathUse(missing, false)], read.CachePaths);
        Assert.True(read.Computed);
        var again = _folder.File("copy.json");
        read.Write(again);
        Assert.Equal(File.ReadAllText(file), File.ReadAllText(again));
    }

    [Fact]
    public void EachOutermostStageEndRewritesTheFileAndAnInnerEndDoesNot()
    {
        var clock = new StageClock(_time);
        string file = _folder.File("nb.json");
        using var recorder = new TimingsRecorder(clock, file, TimeSpan.Zero);

        using (clock.Begin(Stage.Searches))
        {
            using (clock.Begin(Stage.Units)) _time.Advance(1);
            Assert.False(File.Exists(file));
            _time.Advance(1);
        }
        Assert.Equal(2, TimingsRecord.Read(file)!.Stages.Searches, 9);

        using (clock.Begin(Stage.Units)) _time.Advance(4);

        var second = TimingsRecord.Read(file)!;
        Assert.Equal(new StageSeconds(0, 0, 4, 2), second.Stages);
        Assert.False(second.Computed);
        Assert.Equal(["nb.json"], _folder.Files()); // no temporary file left behind
    }

    [Fact]
    public async Task AReaderNeverSeesAPartialFileWhileItIsRewritten()
    {
        var clock = new StageClock(_time);
        string file = _folder.File("nb.json");
        using var recorder = new TimingsRecorder(clock, file, TimeSpan.Zero);
        for (int i = 0; i < 300; i++) recorder.Touch(_folder.File($"cache/entry-{i:D4}.json")); // a long file
        using (clock.Begin(Stage.MonteCarlo)) _time.Advance(1); // the file exists before the reader starts
        int reads = 0;
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var record = TimingsRecord.Read(file); // throws on a partial file
                Assert.NotNull(record);
                Assert.Equal(300, record.CachePaths.Count);
                Interlocked.Increment(ref reads);
            }
        });

        // At least 100 rewrites, and on until the reader has read several times while they happen (a loaded
        // machine may start it late); 30 s at most.
        int writes = 1;
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (writes < 100 || (Volatile.Read(ref reads) < 5 && limit.Elapsed < TimeSpan.FromSeconds(30)))
        {
            using (clock.Begin(Stage.MonteCarlo)) _time.Advance(1);
            writes++;
        }
        done.Cancel();
        await reader;

        Assert.True(reads > 0);
        Assert.Equal(writes, TimingsRecord.Read(file)!.Stages.MonteCarlo, 9);
        Assert.Equal(["nb.json"], _folder.Files());
    }

    [Fact]
    public void ANewCachePathOutsideAnyStageIsWrittenWithinTheDelay()
    {
        var clock = new StageClock(_time);
        string file = _folder.File("nb.json");
        using var recorder = new TimingsRecorder(clock, file, TimeSpan.FromMilliseconds(50));

        recorder.Touch(_folder.File("cache/a.json"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(file) && DateTime.UtcNow < deadline) Thread.Sleep(20);

        Assert.Equal([new CachePathUse(_folder.File("cache/a.json"), false)], TimingsRecord.Read(file)!.CachePaths);
    }

    [Fact]
    public void AFileOfAnotherFormatIsRefusedNamingIt()
    {
        string file = _folder.File("nb.json");
        File.WriteAllText(file, """{"format":"something-else","elapsed_seconds":1}""");

        var e = Assert.Throws<InvalidDataException>(() => TimingsRecord.Read(file));

        Assert.Contains(file, e.Message);
        Assert.Null(TimingsRecord.Read(_folder.File("absent.json")));
    }
}
