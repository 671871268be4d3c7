namespace CorrectNet.Cli;

/// <summary>
/// The overall ETA of a reproduce run (docs/method.md F41): the remaining notebooks' estimates scaled by the ratio
/// of actual to estimated wall time of the notebooks finished so far (those with an estimate; 1 before any), the
/// running notebook's share reduced by its elapsed time (never below 0). Pure: the caller passes elapsed times.
/// </summary>
internal sealed class RunEta(IReadOnlyList<double?> estimateSeconds)
{
    private double _actualOfEstimated;
    private double _estimatedDone;

    public int Total => estimateSeconds.Count;

    /// <summary>Notebooks finished (their times recorded by <see cref="Finished"/>).</summary>
    public int Done { get; private set; }

    /// <summary>Actual over estimated seconds of the finished notebooks that had an estimate; 1 before any.</summary>
    public double Scale => _estimatedDone > 0 ? _actualOfEstimated / _estimatedDone : 1;

    /// <summary>Records that the next notebook (index <see cref="Done"/>) took <paramref name="seconds"/>.</summary>
    public void Finished(double seconds)
    {
        if (Done >= Total) throw new InvalidOperationException($"All {Total} notebooks are already finished.");
        if (estimateSeconds[Done] is { } estimate && estimate > 0)
        {
            _actualOfEstimated += seconds;
            _estimatedDone += estimate;
        }
        Done++;
    }

    /// <summary>Seconds left, with the running notebook (index <see cref="Done"/>) at
    /// <paramref name="runningSeconds"/>; Unknown = notebooks left without an estimate (their time is not in
    /// Seconds); Seconds is null when every notebook left is unknown.</summary>
    public (double? Seconds, int Unknown) Remaining(double runningSeconds = 0)
    {
        double seconds = 0;
        int unknown = 0, known = 0;
        for (int i = Done; i < Total; i++)
        {
            if (estimateSeconds[i] is not { } estimate)
            {
                unknown++;
                continue;
            }
            double scaled = estimate * Scale;
            seconds += i == Done ? Math.Max(0, scaled - runningSeconds) : scaled;
            known++;
        }
        return (known == 0 && unknown > 0 ? null : seconds, unknown);
    }

    /// <summary>Fraction of the run done, for a progress bar: finished notebooks plus the running one's elapsed
    /// share of its scaled estimate (at most 0.99; 0 without an estimate), over all notebooks.</summary>
    public double Fraction(double runningSeconds = 0)
    {
        if (Total == 0) return 1;
        double running = Done < Total && estimateSeconds[Done] is { } e && e > 0
            ? Math.Min(0.99, runningSeconds / (e * Scale))
            : 0;
        return (Done + running) / Total;
    }
}
