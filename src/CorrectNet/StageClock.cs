namespace CorrectNet;

/// <summary>
/// Attributes wall time to stages (docs/method.md F40): while any stage is active, time goes to the outermost one, the
/// stage entered when none was active, so a search's own evaluations and unit training count once, as search time.
/// One clock per process: stages entered on other threads while one is active count as nested too, because wall time
/// can only be spent once. Mark a stage at its entry point with <c>using var _ = StageClock.Enter(Stage.X);</c>.
/// </summary>
public sealed class StageClock
{
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _gate = new();
    private StageSeconds _totals = StageSeconds.Zero;
    private int _depth;
    private Stage _outer;
    private long _outerStarted;

    /// <param name="time">The time source (tests pass a manual one); null = the system's monotonic clock.</param>
    public StageClock(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
    }

    /// <summary>Raised, outside the clock's lock, each time an outermost stage ends (with that stage).</summary>
    public event Action<Stage>? OutermostEnded;

    /// <summary>Enters <paramref name="stage"/> on the process's clock (<see cref="ProcessTimings.Clock"/>);
    /// dispose the result to leave it.</summary>
    public static IDisposable Enter(Stage stage) => ProcessTimings.Clock.Begin(stage);

    /// <summary>Runs <paramref name="work"/> inside <paramref name="stage"/> on the process's clock (for
    /// expression-bodied entry points).</summary>
    public static T Time<T>(Stage stage, Func<T> work)
    {
        using var _ = Enter(stage);
        return work();
    }

    /// <summary>The outermost active stage, or null when none is active.</summary>
    public Stage? Active
    {
        get
        {
            lock (_gate) return _depth > 0 ? _outer : null;
        }
    }

    /// <summary>Enters <paramref name="stage"/> on this clock; disposing the result (once; later calls do nothing)
    /// leaves it. Scopes may end in any order: the outermost stage ends when the last active scope does.</summary>
    public IDisposable Begin(Stage stage)
    {
        lock (_gate)
        {
            if (_depth == 0)
            {
                _outer = stage;
                _outerStarted = _time.GetTimestamp();
            }
            _depth++;
        }
        return new Scope(this);
    }

    /// <summary>Seconds since the clock was created, and per stage so far (an active stage's time up to now
    /// included).</summary>
    public (double ElapsedSeconds, StageSeconds Stages) Read()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            var stages = _depth > 0 ? _totals.Add(_outer, Seconds(_outerStarted, now)) : _totals;
            return (Seconds(_started, now), stages);
        }
    }

    private void End()
    {
        Stage? ended = null;
        lock (_gate)
        {
            _depth--;
            if (_depth == 0)
            {
                _totals = _totals.Add(_outer, Seconds(_outerStarted, _time.GetTimestamp()));
                ended = _outer;
            }
        }
        if (ended is { } stage) OutermostEnded?.Invoke(stage);
    }

    private double Seconds(long from, long to) => _time.GetElapsedTime(from, to).TotalSeconds;

    private sealed class Scope(StageClock clock) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) clock.End();
        }
    }
}
