namespace CorrectNet.Cli;

/// <summary>One check of one submission: points earned of the check's points, and why (the check's message).</summary>
internal sealed record CourseCheckGrade(string Id, int Points, int MaxPoints, bool Passed, bool Hidden, string Message);
