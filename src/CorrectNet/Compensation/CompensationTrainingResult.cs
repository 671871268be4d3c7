namespace CorrectNet.Compensation;

/// <summary>Loss of every training step (on that step's chip) and the wall-clock time in seconds.</summary>
public sealed record CompensationTrainingResult(IReadOnlyList<double> Losses, double Seconds)
{
    public int Steps => Losses.Count;
    /// <summary>Mean loss of the last quarter of the steps (NaN without steps).</summary>
    public double FinalLoss => Losses.Count == 0 ? double.NaN : Losses.Skip(Losses.Count * 3 / 4).Average();
}
