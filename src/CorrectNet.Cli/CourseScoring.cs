using System.Text.Json;
using System.Text.Json.Nodes;

namespace CorrectNet.Cli;

/// <summary>
/// Turns what a graded run left behind into points: the outcomes the checks appended (course/support/checks.csx),
/// the errors of the executed notebook's cells, and why the run stopped, if it did. A check scores its points only
/// when its last recorded outcome passed; every other check scores zero with the first reason found.
/// </summary>
internal static class CourseScoring
{
    public static IReadOnlyList<CourseCheckGrade> Score(IReadOnlyList<CourseCheck> checks, string? resultLines,
        IReadOnlyDictionary<string, string> cellErrors, string? stopped)
    {
        var outcomes = new Dictionary<string, (bool Passed, string Message)>();
        foreach (string line in (resultLines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                var json = JsonNode.Parse(line);
                string? id = json?["id"]?.GetValue<string>();
                if (id is null) continue;
                outcomes[id] = (json!["passed"]?.GetValue<bool>() == true,
                    json["message"]?.GetValue<string>() ?? "");
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                // a line cut short by a stopped run, or written by the submission itself: not an outcome
            }
        }
        return checks.Select(check =>
        {
            if (outcomes.TryGetValue(check.Id, out var outcome))
                return new CourseCheckGrade(check.Id, outcome.Passed ? check.Points : 0, check.Points,
                    outcome.Passed, check.Hidden, outcome.Message);
            string reason = cellErrors.TryGetValue(check.CellId, out string? error)
                ? $"did not run: its cell failed: {error}"
                : stopped is not null ? $"did not run: {stopped}" : "did not run";
            return new CourseCheckGrade(check.Id, 0, check.Points, false, check.Hidden, reason);
        }).ToList();
    }

    /// <summary>The first error output of each code cell of an executed notebook, by cell id.</summary>
    public static IReadOnlyDictionary<string, string> CellErrors(string executedJson)
    {
        var errors = new Dictionary<string, string>();
        if (JsonNode.Parse(executedJson)?["cells"] is not JsonArray cells) return errors;
        foreach (var cell in cells.OfType<JsonObject>())
        {
            string? id = cell["id"]?.GetValue<string>();
            var error = (cell["outputs"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(o => o["output_type"]?.GetValue<string>() == "error");
            if (id is null || error is null) continue;
            string text = $"{error["ename"]?.GetValue<string>()}: {error["evalue"]?.GetValue<string>()}".Trim();
            errors[id] = text.Length > 300 ? text[..300] + "…" : text;
        }
        return errors;
    }

    /// <summary>The --json form: one object per submission, for a learning-management system.</summary>
    public static string ToJson(IReadOnlyList<CourseGrade> grades)
    {
        var submissions = new JsonArray();
        foreach (var grade in grades)
        {
            var checks = new JsonArray();
            foreach (var c in grade.Checks)
                checks.Add(new JsonObject
                {
                    ["id"] = c.Id,
                    ["points"] = c.Points,
                    ["max_points"] = c.MaxPoints,
                    ["passed"] = c.Passed,
                    ["hidden"] = c.Hidden,
                    ["message"] = c.Message,
                });
            submissions.Add(new JsonObject
            {
                ["submission"] = grade.Submission,
                ["assignment"] = grade.Assignment,
                ["score"] = grade.Score,
                ["max_score"] = grade.MaxScore,
                ["seconds"] = Math.Round(grade.Seconds, 1),
                ["error"] = grade.Error,
                ["checks"] = checks,
            });
        }
        return new JsonObject
        {
            ["format"] = "correctnet-course-grades/1",
            ["submissions"] = submissions,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
