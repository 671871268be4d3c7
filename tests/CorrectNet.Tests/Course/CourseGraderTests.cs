using CorrectNet.Cli;
using CorrectNet.Experiments.Profiles;

namespace CorrectNet.Tests.Course;

/// <summary>
/// The parts of grading that need no kernel (src/CorrectNet.Cli/CourseGrader.cs, CourseSupport.cs): a submission
/// that cannot be read scores zero on every check with the reason; support files reach the shared notebook support
/// from any folder.
/// </summary>
public sealed class CourseGraderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("course-grader-").FullName;

    public CourseGraderTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "course", "support"));
        Directory.CreateDirectory(Path.Combine(_root, "notebooks", "support"));
        File.WriteAllText(Path.Combine(_root, "course", "support", "kit.csx"),
            $"#load \"{CourseSupport.SharedPrefix}kit.csx\"\n#load \"checks.csx\"\n");
        File.WriteAllText(Path.Combine(_root, "notebooks", "support", "kit.csx"), "// shared");
        File.WriteAllText(Path.Combine(_root, "course", "01-twice.ipynb"), CourseNotebookTests.Notebook(
            ("answer", "code", "// BEGIN SOLUTION\nreturn 2;\n// END SOLUTION"),
            ("checks", "code", "Check(\"a\", 2, \"h\", () => { });\nCheck(\"b\", 1, \"h\", () => { });")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AnUnreadableSubmissionScoresZeroOnEveryCheckWithTheReason()
    {
        string submission = Path.Combine(_root, "01-twice.ipynb");
        File.WriteAllText(submission, "{ this is not a notebook");
        var runner = new NotebookRunner(_root, Path.Combine(_root, "grading"), ExperimentProfile.Quick, "cpu",
            TimeSpan.FromMinutes(1));

        var grade = new CourseGrader(_root, runner).Grade(submission);

        Assert.Equal("01-twice", grade.Assignment);
        Assert.Equal(["a", "b"], grade.Checks.Select(c => c.Id));
        Assert.Equal(0, grade.Score);
        Assert.Equal(3, grade.MaxScore);
        Assert.All(grade.Checks, c => Assert.StartsWith($"not graded: {submission}: not a notebook", c.Message));
    }

    [Fact]
    public void ASubmissionOfAnUnknownAssignmentIsNamedInTheReason()
    {
        string submission = Path.Combine(_root, "07-unknown.ipynb");
        File.WriteAllText(submission, CourseNotebookTests.Notebook(("x", "code", "1")));
        var runner = new NotebookRunner(_root, Path.Combine(_root, "grading"), ExperimentProfile.Quick, "cpu",
            TimeSpan.FromMinutes(1));

        var grade = new CourseGrader(_root, runner).Grade(submission);

        Assert.Contains("names assignment \"07-unknown\"", grade.Error);
        Assert.Empty(grade.Checks);
    }

    [Theory]
    [InlineData("handout")]
    [InlineData("deep/er/handout")]
    public void CopiedSupportFilesLoadTheSharedSupportFromTheirFolder(string folder)
    {
        string target = Path.Combine(_root, folder);

        CourseSupport.Copy(_root, target);

        string kit = File.ReadAllText(Path.Combine(target, "support", "kit.csx"));
        string shared = kit.Split('"')[1];
        string resolved = Path.GetFullPath(Path.Combine(target, "support", shared));
        Assert.Equal(Path.Combine(_root, "notebooks", "support", "kit.csx"), resolved);
        Assert.True(File.Exists(resolved));
        Assert.Contains("#load \"checks.csx\"", kit);
    }
}
