using System.Text.Json;
using CorrectNet.Cli;

namespace CorrectNet.Tests.Course;

/// <summary>
/// Scoring of a graded run (src/CorrectNet.Cli/CourseScoring.cs): recorded outcomes, cell errors, a stopped run, and
/// the --json shape a learning-management system reads.
/// </summary>
public sealed class CourseScoringTests
{
    private static readonly CourseCheck[] Checks =
    [
        new("shape", 1, "check-a", false),
        new("moments", 2, "check-a", false),
        new("seeded", 1, "check-a", true),
        new("sweep", 3, "check-b", false),
    ];

    private static readonly Dictionary<string, string> NoErrors = [];

    [Fact]
    public void PassedChecksEarnTheirPointsAndFailedOnesZeroWithTheirMessage()
    {
        const string lines = """
            {"id":"shape","passed":true,"message":"passed"}
            {"id":"moments","passed":false,"message":"mean of the factor is 1.0, expected 1.13 ± 0.01"}
            {"id":"seeded","passed":true,"message":"passed"}
            {"id":"sweep","passed":true,"message":"passed"}
            """;

        var grades = CourseScoring.Score(Checks, lines, NoErrors, stopped: null);

        Assert.Equal([1, 0, 1, 3], grades.Select(g => g.Points));
        Assert.Equal([1, 2, 1, 3], grades.Select(g => g.MaxPoints));
        Assert.Equal("mean of the factor is 1.0, expected 1.13 ± 0.01", grades[1].Message);
        Assert.True(grades[2].Hidden);
    }

    [Fact]
    public void TheLastOutcomeOfARerunCheckCounts()
    {
        const string lines = """
            {"id":"shape","passed":false,"message":"first try"}
            {"id":"shape","passed":true,"message":"passed"}
            """;

        var grades = CourseScoring.Score(Checks, lines, NoErrors, null);

        Assert.True(grades[0].Passed);
        Assert.Equal(1, grades[0].Points);
    }

    [Fact]
    public void ACheckThatNeverRanScoresZeroWithItsCellsErrorOrWhyTheRunStopped()
    {
        var errors = new Dictionary<string, string> { ["check-b"] = "Error: (3,5): error CS0103: The name 'Sweep'" };

        var grades = CourseScoring.Score(Checks, """{"id":"shape","passed":true,"message":"passed"}""", errors,
            stopped: "timed out after 10 min");

        Assert.Equal(1, grades.Sum(g => g.Points));
        Assert.Equal("did not run: timed out after 10 min", grades[1].Message);
        Assert.Equal("did not run: its cell failed: Error: (3,5): error CS0103: The name 'Sweep'", grades[3].Message);
    }

    [Fact]
    public void ForgedOrTruncatedLinesAreNotOutcomes()
    {
        const string lines = """
            not json at all
            {"id":"moments","passed":"yes"}
            {"passed":true}
            {"id":"sweep","pas
            """;

        var grades = CourseScoring.Score(Checks, lines, NoErrors, null);

        Assert.All(grades, g => Assert.Equal(0, g.Points));
        Assert.All(grades, g => Assert.Equal("did not run", g.Message));
    }

    [Fact]
    public void CellErrorsAreReadFromTheExecutedNotebookByCellId()
    {
        string executed = """
            {"cells": [
              {"cell_type": "code", "id": "ok", "outputs": [{"output_type": "stream", "text": "fine"}]},
              {"cell_type": "code", "id": "bad", "outputs": [
                {"output_type": "stream", "text": "x"},
                {"output_type": "error", "ename": "Error", "evalue": "compilation error", "traceback": []}]},
              {"cell_type": "markdown", "id": "text"}
            ]}
            """;

        var errors = CourseScoring.CellErrors(executed);

        Assert.Equal(new Dictionary<string, string> { ["bad"] = "Error: compilation error" }, errors);
    }

    [Fact]
    public void JsonHoldsEverySubmissionWithScoreAndEveryCheck()
    {
        var checks = CourseScoring.Score(Checks, """{"id":"sweep","passed":true,"message":"passed"}""", NoErrors,
            null);
        var grades = new[]
        {
            new CourseGrade("alice.ipynb", "01-device-variation", checks, 12.34),
            new CourseGrade("bob.ipynb", "01-device-variation",
                checks.Select(c => c with { Points = 0, Passed = false }).ToList(), 1, "not a notebook"),
        };

        var root = JsonDocument.Parse(CourseScoring.ToJson(grades)).RootElement;

        Assert.Equal("correctnet-course-grades/1", root.GetProperty("format").GetString());
        var submissions = root.GetProperty("submissions");
        Assert.Equal(2, submissions.GetArrayLength());
        var alice = submissions[0];
        Assert.Equal("alice.ipynb", alice.GetProperty("submission").GetString());
        Assert.Equal("01-device-variation", alice.GetProperty("assignment").GetString());
        Assert.Equal(3, alice.GetProperty("score").GetInt32());
        Assert.Equal(7, alice.GetProperty("max_score").GetInt32());
        Assert.Equal(12.3, alice.GetProperty("seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, alice.GetProperty("error").ValueKind);
        var check = alice.GetProperty("checks")[2];
        Assert.Equal(["id", "points", "max_points", "passed", "hidden", "message"],
            check.EnumerateObject().Select(p => p.Name));
        Assert.Equal("seeded", check.GetProperty("id").GetString());
        Assert.True(check.GetProperty("hidden").GetBoolean());
        Assert.Equal("not a notebook", submissions[1].GetProperty("error").GetString());
    }
}
