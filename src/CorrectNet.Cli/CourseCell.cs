using System.Text.Json.Nodes;

namespace CorrectNet.Cli;

/// <summary>
/// One cell of a course notebook. Number: 1-based position, markdown cells counted; Json: the cell as read.
/// </summary>
internal sealed record CourseCell(int Number, string Id, string Type, string Source, JsonObject Json)
{
    public bool IsCode => Type == "code";

    /// <summary>A cell the student writes: it holds a solution region in the instructor's source.</summary>
    public bool IsAnswer => IsCode && Source.Contains(CourseNotebook.BeginSolution, StringComparison.Ordinal);
}
