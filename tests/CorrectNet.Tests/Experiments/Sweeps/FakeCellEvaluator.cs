using CorrectNet.Experiments.Sweeps;

namespace CorrectNet.Tests.Experiments.Sweeps;

/// <summary>A cell evaluation without training: numbers that depend only on the cell and σ; can fail on a chosen
/// cell.</summary>
internal sealed class FakeCellEvaluator : ISweepCellEvaluator
{
    public List<string> Evaluated { get; } = [];
    /// <summary>Cell id on which to throw (a killed run).</summary>
    public string? FailOn { get; init; }
    /// <summary>Added to every accuracy (to fake a machine that computes other numbers).</summary>
    public double Offset { get; init; }

    public SweepCellEvaluation Evaluate(SweepCell cell, IProgress<string>? status, CancellationToken cancellation)
    {
        if (cell.Id == FailOn) throw new OperationCanceledException($"killed at {cell.Id}");
        Evaluated.Add(cell.Id);
        status?.Report("evaluating");
        long h = cell.Id.Aggregate(17L, (a, c) => (a * 31 + c) % 1_000_003);
        var results = cell.Sigmas.Select(sigma =>
        {
            double clean = 0.5 + (h % 997) / 4000.0 + Offset;
            var chips = Enumerable.Range(0,
                cell.Chips).Select(k => clean - sigma * (0.1 + ((h + 13 * k) % 101) / 1000.0)).ToArray();
            return new SweepSigmaResult(sigma, chips, clean, null, cell.ChipSeed, 0, Seconds: 0.001 * h,
                FromCache: false);
        }).ToArray();
        return new SweepCellEvaluation(results, new SweepTrainingSummary(null, null, false, cell.Epochs,
            0.5 + (h % 997) / 4000.0, 0.01));
    }
}
