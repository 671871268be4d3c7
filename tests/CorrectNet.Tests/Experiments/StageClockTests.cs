namespace CorrectNet.Tests.Experiments;

/// <summary>docs/method.md F40: wall time goes to the outermost active stage, once; other is the rest.</summary>
public sealed class StageClockTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void NestedStagesCountOnceToTheOutermostAndOtherIsTheRest()
    {
        var clock = new StageClock(_time);
        _time.Advance(3); // idle: other
        using (clock.Begin(Stage.Searches))
        {
            _time.Advance(2);
            using (clock.Begin(Stage.MonteCarlo)) _time.Advance(3);
            _time.Advance(1);
            using (clock.Begin(Stage.Units))
            {
                using (clock.Begin(Stage.Training)) _time.Advance(4);
            }
        }
        using (clock.Begin(Stage.MonteCarlo)) _time.Advance(7);
        _time.Advance(0.5);

        var (elapsed, stages) = clock.Read();

        Assert.Equal(new StageSeconds(Training: 0, MonteCarlo: 7, Units: 0, Searches: 10), stages);
        Assert.Equal(20.5, elapsed, 9);
        Assert.Equal(3.5, stages.OtherOf(elapsed), 9);
        Assert.Equal(elapsed, stages.Sum + stages.OtherOf(elapsed), 9); // every second counted exactly once
    }

    [Fact]
    public void ScopesEndingOutOfOrderKeepTheFirstStageUntilTheLastEnds()
    {
        var clock = new StageClock(_time);
        var training = clock.Begin(Stage.Training); // e.g. one thread
        _time.Advance(1);
        var monteCarlo = clock.Begin(Stage.MonteCarlo); // another thread, while training runs
        _time.Advance(2);
        training.Dispose();
        Assert.Equal(Stage.Training, clock.Active);
        _time.Advance(3);
        monteCarlo.Dispose();
        training.Dispose(); // a second dispose changes nothing
        _time.Advance(5);

        var (elapsed, stages) = clock.Read();

        Assert.Null(clock.Active);
        Assert.Equal(new StageSeconds(6, 0, 0, 0), stages);
        Assert.Equal(11, elapsed, 9);
    }

    [Fact]
    public void AnActiveStageIsReadUpToNow()
    {
        var clock = new StageClock(_time);
        using var stage = clock.Begin(Stage.Units);
        _time.Advance(4);

        Assert.Equal(4, clock.Read().Stages.Units, 9);
        Assert.Equal(Stage.Units, clock.Active);
    }

    [Fact]
    public void OnlyOutermostStagesRaiseTheEndEvent()
    {
        var clock = new StageClock(_time);
        var ended = new List<Stage>();
        clock.OutermostEnded += ended.Add;

        using (clock.Begin(Stage.Searches))
        {
            using (clock.Begin(Stage.MonteCarlo)) _time.Advance(1);
            Assert.Empty(ended);
        }
        using (clock.Begin(Stage.Training)) _time.Advance(1);

        Assert.Equal([Stage.Searches, Stage.Training], ended);
    }
}
