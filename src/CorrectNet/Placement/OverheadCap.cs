namespace CorrectNet.Placement;

/// <summary>
/// A hard bound on what compensation units may add (docs/method.md F31a) [ours]: a placement whose units add more than
/// <see cref="ParametersShare"/> of the base network's parameters or more than <see cref="MacsShare"/> of its MACs is
/// never proposed by the agent nor evaluated by the searches (the "all" baseline excepted, a reference point). C5's
/// "negligible overhead" is read as 5% of each.
/// </summary>
/// <param name="ParametersShare">Largest extra parameters, as a fraction of the base network's (0.05 = 5%).</param>
/// <param name="MacsShare">Largest extra MACs per image, as a fraction of the base network's.</param>
public sealed record OverheadCap(double ParametersShare, double MacsShare)
{
    /// <summary>C5's reading: at most 5% of parameters and 5% of MACs.</summary>
    public static OverheadCap Negligible { get; } = new(0.05, 0.05);

    /// <summary>Whether shares (fractions) of <paramref name="parameters"/> and <paramref name="macs"/> fit; a
    /// relative slack of 1e-9 absorbs rounding of sums.</summary>
    public bool Admits(double parameters, double macs) =>
        parameters <= ParametersShare * (1 + 1e-9) && macs <= MacsShare * (1 + 1e-9);

    /// <exception cref="ArgumentOutOfRangeException">A share not in (0, 1] or not a number.</exception>
    public OverheadCap Validate()
    {
        if (!(ParametersShare > 0 && ParametersShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(ParametersShare), ParametersShare,
                "The parameter share of the overhead cap must lie in (0, 1].");
        if (!(MacsShare > 0 && MacsShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(MacsShare), MacsShare,
                "The MAC share of the overhead cap must lie in (0, 1].");
        return this;
    }
}
