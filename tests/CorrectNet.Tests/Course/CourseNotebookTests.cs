using System.Text.Json.Nodes;
using CorrectNet.Cli;

namespace CorrectNet.Tests.Course;

/// <summary>
/// Release and grading merge of course notebooks (src/CorrectNet.Cli/CourseNotebook.cs) on small notebooks built here:
/// solution regions become the stub, hidden tests go and come back from the source, malformed sources fail naming
/// file and cell.
/// </summary>
public sealed class CourseNotebookTests
{
    private const string Answer = """
        int Twice(int x)
        {
            // BEGIN SOLUTION
            return 2 * x;
            // END SOLUTION
        }
        """;

    private const string Checks = """
        Check("twice", 2, "hint", () => Expect(Twice(2) == 4, "no"));
        // BEGIN HIDDEN TESTS
        Check("twice-negative", 1, "hint", () => Expect(Twice(-1) == -2, "no"));
        // END HIDDEN TESTS
        """;

    internal static string Notebook(params (string Id, string Type, string Source)[] cells)
    {
        var array = new JsonArray();
        foreach (var (id, type, source) in cells)
        {
            var lines = new JsonArray();
            string[] parts = source.Split('\n');
            for (int i = 0; i < parts.Length; i++) lines.Add(i < parts.Length - 1 ? parts[i] + "\n" : parts[i]);
            var cell = new JsonObject
            {
                ["cell_type"] = type,
                ["id"] = id,
                ["metadata"] = new JsonObject(),
                ["source"] = lines,
            };
            if (type == "code")
            {
                cell["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["text"] = "old" });
                cell["execution_count"] = 3;
            }
            array.Add(cell);
        }
        return new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        }.ToJsonString();
    }

    private static CourseNotebook Source() => CourseNotebook.Parse(
        Notebook(("intro", "markdown", "# Twice"), ("answer", "code", Answer), ("checks", "code", Checks)),
        "course/01-twice.ipynb");

    private static string SourceOf(CourseNotebook notebook, string id) =>
        notebook.Cells.Single(c => c.Id == id).Source;

    [Fact]
    public void ReleaseReplacesEachSolutionByTheStubAtItsIndentation()
    {
        var released = CourseNotebook.Parse(Source().Release(), "released.ipynb");

        string answer = SourceOf(released, "answer");
        Assert.DoesNotContain("return 2 * x", answer);
        Assert.DoesNotContain("SOLUTION", answer);
        Assert.Contains("    " + CourseNotebook.Stub, answer);
        Assert.StartsWith("int Twice(int x)\n{\n", answer);
        Assert.EndsWith("}", answer);
    }

    [Fact]
    public void ReleaseRemovesHiddenTestsAndOutputsAndNamesTheAssignment()
    {
        string json = Source().Release();
        var released = CourseNotebook.Parse(json, "released.ipynb");

        string checks = SourceOf(released, "checks");
        Assert.Contains("Check(\"twice\"", checks);
        Assert.DoesNotContain("twice-negative", checks);
        Assert.DoesNotContain("HIDDEN", checks);
        Assert.Equal(["twice"], released.Validate().Select(c => c.Id));
        var document = JsonNode.Parse(json)!;
        Assert.All(document["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code"),
            c => Assert.Empty(c!["outputs"]!.AsArray()));
        Assert.Equal("01-twice", released.Assignment);
    }

    [Fact]
    public void ValidateListsVisibleAndHiddenChecksWithPointsAndCell()
    {
        var checks = Source().Validate();

        Assert.Equal(
            [new CourseCheck("twice", 2, "checks", false), new CourseCheck("twice-negative", 1, "checks", true)],
            checks);
    }

    [Fact]
    public void GradingRestoresChecksAndHiddenTestsAndKeepsTheStudentsAnswerAndAddedCells()
    {
        string tampered = Notebook(
            ("intro", "markdown", "# Twice"),
            ("answer", "code", "int Twice(int x) => x + x;"),
            ("helper", "code", "int Unused() => 0;"),
            ("checks", "code", "// checks deleted by the student"));
        var submission = CourseNotebook.Parse(tampered, "submissions/alice.ipynb");

        var merged = CourseNotebook.Parse(Source().MergeForGrading(submission), "merged.ipynb");

        Assert.Equal(["intro", "answer", "helper", "checks"], merged.Cells.Select(c => c.Id));
        Assert.Equal("int Twice(int x) => x + x;", SourceOf(merged, "answer"));
        Assert.Equal(Checks, SourceOf(merged, "checks"));
        Assert.Equal(2, merged.Validate().Count);
    }

    [Fact]
    public void GradingAnAnswerTheSubmissionLacksUsesTheStub()
    {
        var submission = CourseNotebook.Parse(Notebook(("intro", "markdown", "# Twice")), "bob.ipynb");

        var merged = CourseNotebook.Parse(Source().MergeForGrading(submission), "merged.ipynb");

        Assert.Contains(CourseNotebook.Stub, SourceOf(merged, "answer"));
    }

    [Theory]
    [InlineData("// BEGIN SOLUTION\nreturn 1;", "has // BEGIN SOLUTION without // END SOLUTION")]
    [InlineData("return 1;\n// END SOLUTION", "has // END SOLUTION without // BEGIN SOLUTION before it")]
    [InlineData("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "nests // BEGIN SOLUTION inside another")]
    [InlineData("x(); // BEGIN SOLUTION\n// END SOLUTION", "put the marker on a line of its own")]
    [InlineData("// BEGIN SOLUTION\n// END SOLUTION\n// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS",
        "hidden tests belong in check cells")]
    [InlineData("Check(id, 1, \"hint\", () => { });", "without a literal id and points")]
    [InlineData("Check(\"a\", 1, \"h\", () => { });\nCheck(\"a\", 2, \"h\", () => { });", "repeats the check id \"a\"")]
    public void MalformedSourcesNameFileCellAndFault(string source, string fault)
    {
        var notebook = CourseNotebook.Parse(Notebook(("intro", "markdown", "# x"), ("bad-cell", "code", source)),
            "course/09-broken.ipynb");

        var error = Assert.Throws<InvalidDataException>(() => notebook.Release());

        Assert.StartsWith("course/09-broken.ipynb: cell 2 (id bad-cell) ", error.Message);
        Assert.Contains(fault, error.Message);
    }

    [Fact]
    public void ACellWithoutIdOrANonNotebookFailsNamingTheFile()
    {
        string withoutId = Notebook(("x", "code", "1")).Replace("\"id\":\"x\",", "");

        var missingId = Assert.Throws<InvalidDataException>(() => CourseNotebook.Parse(withoutId, "old.ipynb"));
        var notJson = Assert.Throws<InvalidDataException>(() => CourseNotebook.Parse("{ cells", "broken.ipynb"));

        Assert.StartsWith("old.ipynb: cell 1 has no \"id\"", missingId.Message);
        Assert.StartsWith("broken.ipynb: not a notebook", notJson.Message);
    }
}
