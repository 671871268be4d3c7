namespace CorrectNet;

/// <summary>
/// Keeps a process's <see cref="TimingsRecord"/> current in one file: the clock's stage totals and every result-cache
/// path asked for. The file is rewritten atomically after each outermost stage ends and after a new cache path
/// (so a warm run, which enters no stage, is recorded too, and a kernel killed rather than shut down leaves a record),
/// at most once per <c>delay</c> (one rewrite covers everything since the last), and at once by <see cref="Write"/>
/// (at process exit). Never throws into the computation: a failed write prints one warning to stderr.
/// </summary>
public sealed class TimingsRecorder : IDisposable
{
    private readonly StageClock _clock;
    private readonly TimeSpan _delay;
    private readonly Lock _gate = new();
    private readonly Lock _writing = new();
    private readonly List<CachePathUse> _paths = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Timer _timer;
    private bool _pending;
    private bool _warned;

    /// <param name="clock">Whose stage totals are written.</param>
    /// <param name="path">The file to keep current.</param>
    /// <param name="delay">Longest wait before a requested rewrite; <see cref="TimeSpan.Zero"/> = rewrite at once,
    /// on the thread that ended the stage or asked for the path.</param>
    public TimingsRecorder(StageClock clock, string path, TimeSpan delay)
    {
        _clock = clock;
        Path = System.IO.Path.GetFullPath(path);
        _delay = delay;
        _timer = new Timer(_ => Write(), null, Timeout.Infinite, Timeout.Infinite);
        _clock.OutermostEnded += OnStageEnded;
    }

    public string Path { get; }

    /// <summary>Records a use of the cache entry at <paramref name="cachePath"/> (hit = it exists now); only the first
    /// use of a path counts.</summary>
    public void Touch(string cachePath)
    {
        lock (_gate)
        {
            if (!_seen.Add(cachePath)) return;
            _paths.Add(new CachePathUse(cachePath, File.Exists(cachePath)));
        }
        RequestWrite();
    }

    /// <summary>The record as of now.</summary>
    public TimingsRecord Snapshot()
    {
        var (elapsed, stages) = _clock.Read();
        lock (_gate)
            return new TimingsRecord(TimingsRecord.CurrentFormat, DateTimeOffset.UtcNow, elapsed, stages,
                [.. _paths]);
    }

    /// <summary>Rewrites the file now (atomically), cancelling a pending rewrite.</summary>
    public void Write()
    {
        lock (_gate) _pending = false;
        try
        {
            lock (_writing) Snapshot().Write(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bool first;
            lock (_gate)
            {
                first = !_warned;
                _warned = true;
            }
            if (first) Console.Error.WriteLine($"correctnet: cannot write the timings file {Path}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _clock.OutermostEnded -= OnStageEnded;
        _timer.Dispose();
    }

    private void OnStageEnded(Stage stage) => RequestWrite();

    private void RequestWrite()
    {
        if (_delay <= TimeSpan.Zero)
        {
            Write();
            return;
        }
        lock (_gate)
        {
            if (_pending) return; // the pending rewrite will include this change
            _pending = true;
        }
        _timer.Change(_delay, Timeout.InfiniteTimeSpan);
    }
}
