namespace CorrectNet.Training;

public enum ScheduleKind
{
    Constant,
    /// <summary>lr(e) = lr0 · (1 + cos(π·e/E)) / 2 for epoch e of E.</summary>
    Cosine,
    /// <summary>lr(e) = lr0 · γ^floor(e / step).</summary>
    Step,
}
