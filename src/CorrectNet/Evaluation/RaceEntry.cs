namespace CorrectNet.Evaluation;

/// <summary>
/// One candidate of a <see cref="PairedRace"/>: its scores on chips 0 … Scores.Count − 1 (positions in the race) and,
/// when it was dropped, the number of chips it had seen then (null: it survived to the full budget).
/// </summary>
public sealed record RaceEntry<T>(T Candidate, IReadOnlyList<double> Scores, int? DroppedAfter)
{
    /// <summary>Mean score over the chips it saw.</summary>
    public double Mean => Scores.Average();
}
