namespace CorrectNet.Evaluation;

/// <summary>
/// Budget and drop rule of a <see cref="PairedRace"/> (docs/method.md F39): every candidate may see chips
/// 0 … <see cref="Chips"/> − 1 (positions; the caller maps them to chips of its seed); none is dropped before it has
/// seen <see cref="MinChips"/>.
/// </summary>
public sealed record PairedRaceConfig
{
    /// <summary>The full budget: chips the survivor is reported on.</summary>
    public int Chips { get; init; } = 20;

    /// <summary>Chips every candidate sees before any is dropped (≥ 2: the paired test needs a spread).</summary>
    public int MinChips { get; init; } = 5;

    public PairedRaceConfig Validate()
    {
        if (MinChips < 2)
            throw new ArgumentOutOfRangeException(nameof(MinChips), MinChips,
                $"{nameof(PairedRaceConfig)}.{nameof(MinChips)} must be ≥ 2 (the paired test needs a spread).");
        if (Chips < MinChips)
            throw new ArgumentOutOfRangeException(nameof(Chips), Chips,
                $"{nameof(PairedRaceConfig)}.{nameof(Chips)} must be ≥ {nameof(MinChips)} = {MinChips}.");
        return this;
    }
}
