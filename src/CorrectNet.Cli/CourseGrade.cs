namespace CorrectNet.Cli;

/// <summary>
/// The grade of one submitted notebook. Error: why it could not be run at all (then every check scores zero).
/// </summary>
internal sealed record CourseGrade(
    string Submission, string Assignment, IReadOnlyList<CourseCheckGrade> Checks, double Seconds,
    string? Error = null)
{
    public int Score => Checks.Sum(c => c.Points);
    public int MaxScore => Checks.Sum(c => c.MaxPoints);
}
