namespace CorrectNet;

/// <summary>Wall seconds per <see cref="Stage"/> (docs/method.md F40); each second is counted in one stage at most.
/// </summary>
public sealed record StageSeconds(double Training, double MonteCarlo, double Units, double Searches)
{
    public static StageSeconds Zero { get; } = new(0, 0, 0, 0);

    /// <summary>Seconds in any stage.</summary>
    public double Sum => Training + MonteCarlo + Units + Searches;

    public double Of(Stage stage) => stage switch
    {
        Stage.Training => Training,
        Stage.MonteCarlo => MonteCarlo,
        Stage.Units => Units,
        Stage.Searches => Searches,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown stage."),
    };

    /// <summary>These seconds with <paramref name="seconds"/> more in <paramref name="stage"/>.</summary>
    public StageSeconds Add(Stage stage, double seconds) => stage switch
    {
        Stage.Training => this with { Training = Training + seconds },
        Stage.MonteCarlo => this with { MonteCarlo = MonteCarlo + seconds },
        Stage.Units => this with { Units = Units + seconds },
        Stage.Searches => this with { Searches = Searches + seconds },
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown stage."),
    };

    /// <summary>Other = the rest of <paramref name="wallSeconds"/> (F40), never below 0.</summary>
    public double OtherOf(double wallSeconds) => Math.Max(0, wallSeconds - Sum);
}
