using CorrectNet.Experiments.Caching;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Experiments.Caching;

/// <summary>ResultCache.PathFor records every entry asked for, hit or miss, in the process's timings record.</summary>
[Collection(ProcessStageClockCollection.Name)]
public sealed class CachePathRecordingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void PathForRecordsHitsAndMissesOnceEach()
    {
        var cache = new ResultCache(_folder.File("cache"));
        string trained = cache.PathFor("models", new { Seed = 1 }, ".ckpt"); // before recording starts
        File.WriteAllText(trained, "trained earlier");
        string file = _folder.File("timings/nb.json");
        var saved = ProcessTimings.Recorder;
        using var recorder = new TimingsRecorder(ProcessTimings.Clock, file, TimeSpan.Zero);
        ProcessTimings.Recorder = recorder;
        string missing;
        try
        {
            Assert.Equal(trained, cache.PathFor("models", new { Seed = 1 }, ".ckpt"));
            missing = cache.PathFor("monte-carlo", new { Seed = 2 }, ".json");
            File.WriteAllText(missing, "computed now");
            Assert.Equal(missing, cache.PathFor("monte-carlo", new { Seed = 2 }, ".json"));
        }
        finally
        {
            ProcessTimings.Recorder = saved;
        }

        Assert.Equal([new CachePathUse(trained, true), new CachePathUse(missing, false)],
            TimingsRecord.Read(file)!.CachePaths);
    }
}
