namespace CorrectNet.Evaluation;

/// <summary>
/// The outcome of a <see cref="PairedRace"/>: every candidate in input order, the winner's index (highest mean over
/// the full budget among the survivors; ties: the first), and <see cref="Evaluations"/>, the (candidate, chip) scores
/// computed, against <see cref="FullBudget"/> = candidates × chips without racing.
/// </summary>
public sealed record PairedRaceResult<T>(IReadOnlyList<RaceEntry<T>> Entries, int WinnerIndex, int Chips)
{
    public RaceEntry<T> Winner => Entries[WinnerIndex];
    public int Evaluations => Entries.Sum(e => e.Scores.Count);
    public int FullBudget => Entries.Count * Chips;
    public int Survivors => Entries.Count(e => e.DroppedAfter is null);
}
