namespace CorrectNet.Cli;

/// <summary>A check of an assignment: its id, the points it is worth, the cell that runs it, hidden or not.</summary>
internal sealed record CourseCheck(string Id, int Points, string CellId, bool Hidden);
