namespace CorrectNet.Benchmarks;

/// <summary>
/// A measured value against the kit's limit for it: at most the limit when <see cref="AtMost"/>, else at least. A
/// non-finite measurement passes neither way.
/// </summary>
public sealed record TargetCheck(string Model, double Measured, double Limit, bool AtMost)
{
    public bool Pass => AtMost ? Measured <= Limit : Measured >= Limit;
}
