using CorrectNet;

namespace CorrectNet.Tests.Experiments;

/// <summary>A run computes each cache entry once: a later notebook finds what an earlier one computed.</summary>
public sealed class RunComputationsTests
{
    private static TimingsRecord Record(params (string Path, bool Hit)[] uses) =>
        new(TimingsRecord.CurrentFormat, DateTimeOffset.UnixEpoch, 1, new StageSeconds(0, 0, 0, 0),
            [.. uses.Select(u => new CachePathUse(u.Path, u.Hit))]);

    [Fact]
    public void EntriesReadByLaterNotebooksAreComputedOnce()
    {
        var run = RunComputations.Of([
            ("00", Record(("m/a", false), ("m/b", false))),
            ("01", Record(("m/a", true), ("m/c", false))),
            ("02", Record(("m/b", true), ("m/c", true))),
        ]);
        Assert.Equal(3, run.Computed);
        Assert.Empty(run.Repeated);
        Assert.Contains("3, each by one notebook", run.Summary());
    }

    [Fact]
    public void AnEntryComputedTwiceIsNamedWithBothNotebooks()
    {
        var run = RunComputations.Of([
            ("04", Record(("mc/x", false), ("mc/y", false))),
            ("07", Record(("mc/x", false), ("mc/y", true))),
        ]);
        Assert.Equal(2, run.Computed);
        var repeated = Assert.Single(run.Repeated);
        Assert.Equal("mc/x", repeated.Path);
        Assert.Equal(["04", "07"], repeated.By);
        Assert.Contains("mc/x by 04, 07", run.Summary());
    }
}
