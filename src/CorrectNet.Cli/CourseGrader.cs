using System.Diagnostics;
using CorrectNet.Data;

namespace CorrectNet.Cli;

/// <summary>
/// Grades submitted notebooks against the instructor sources of course/: each submission's answer cells are merged
/// into its source (checks and hidden tests restored, <see cref="CourseNotebook.MergeForGrading"/>), written to a
/// scratch folder of its own with the course support files, and executed headless by <see cref="NotebookRunner"/>.
/// Nothing a submission does (throw, loop, delete files, break the JSON) stops the grading of the others.
/// </summary>
internal sealed class CourseGrader
{
    /// <summary>Read by course/support/checks.csx: the file each check appends its outcome to.</summary>
    public const string ResultsVariable = "CORRECTNET_COURSE_RESULTS";

    private readonly string _root;
    private readonly string _course;
    private readonly NotebookRunner _runner;
    private readonly string _scratch;
    private int _count;

    public CourseGrader(string repositoryRoot, NotebookRunner runner)
    {
        _root = repositoryRoot;
        _course = Path.Combine(repositoryRoot, "course");
        _runner = runner;
        _scratch = Path.Combine(runner.OutputFolder, "scratch");
    }

    /// <summary>Restarts of a kernel that died before running any cell (see <see cref="DiedAtStart"/>).</summary>
    public const int KernelStartRetries = 2;

    /// <summary>A failure on one line of at most about 300 characters: its start and its end.</summary>
    internal static string Brief(string failure)
    {
        string line = string.Join(" ", failure.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 300 ? line : line[..100] + " … " + line[^200..];
    }

    /// <summary>The checks of an assignment's source, to list with zero points; none if it cannot be read.</summary>
    private IReadOnlyList<CourseCheck> ChecksOf(string assignment)
    {
        try
        {
            return CourseNotebook.Load(Path.Combine(_course, assignment + ".ipynb")).Validate();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>No executed notebook, no check ran, and not for lack of time.</summary>
    private static bool DiedAtStart(NotebookResult run, string executed, string results) =>
        !File.Exists(executed) && run.Failure?.StartsWith("timed out", StringComparison.Ordinal) == false
        && File.Exists(results) && new FileInfo(results).Length == 0;

    public CourseGrade Grade(string submission)
    {
        var clock = Stopwatch.StartNew();
        string assignment = Path.GetFileNameWithoutExtension(submission);
        IReadOnlyList<CourseCheck> checks = [];
        try
        {
            var submitted = CourseNotebook.Load(submission);
            assignment = submitted.Assignment;
            string source = Path.Combine(_course, assignment + ".ipynb");
            if (!File.Exists(source))
                throw new InvalidDataException(
                    $"{submission}: names assignment \"{assignment}\" (metadata {CourseNotebook.AssignmentKey}, else " +
                    $"the file name), but {source} does not exist.");
            var instructor = CourseNotebook.Load(source);
            checks = instructor.Validate();

            int number = Interlocked.Increment(ref _count);
            string folder = Path.Combine(_scratch, $"{number:D3}-{assignment}");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            CourseSupport.Copy(_root, folder);
            // The kernel spec starts `dotnet interactive`, a local tool found through the manifest above the folder
            // it runs in; a scratch folder outside the clone needs its own copy.
            File.Copy(Path.Combine(_root, "dotnet-tools.json"), Path.Combine(folder, "dotnet-tools.json"));
            string notebook = Path.Combine(folder, $"{number:D3}-{assignment}.ipynb");
            File.WriteAllText(notebook, instructor.MergeForGrading(submitted));
            // outside the scratch folder, which the submission runs in
            string results = folder + ".results.jsonl";
            File.WriteAllText(results, "");

            var environment = new Dictionary<string, string>
            {
                [ResultsVariable] = results,
                [DatasetRegistry.DataEnvironmentVariable] = Path.Combine(_root, "data"),
            };
            string executed = Path.Combine(_runner.OutputFolder, "notebooks", Path.GetFileName(notebook));
            var run = _runner.Run(notebook, folder, environment);
            // The kernel picks its HTTP port from a range when it starts; two kernels starting at once (parallel
            // grading, other users' notebooks) can pick the same one, and the loser dies before any cell runs.
            for (int retry = 0; retry < KernelStartRetries && DiedAtStart(run, executed, results); retry++)
                run = _runner.Run(notebook, folder, environment);
            var errors = File.Exists(executed)
                ? CourseScoring.CellErrors(File.ReadAllText(executed))
                : new Dictionary<string, string>();
            string? stopped = File.Exists(executed) ? null : Brief(run.Failure ?? "the notebook stopped");
            string? outcomes = File.Exists(results) ? File.ReadAllText(results) : null;
            return new CourseGrade(submission, assignment, CourseScoring.Score(checks, outcomes, errors, stopped),
                clock.Elapsed.TotalSeconds, stopped);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException
                                      or System.Text.Json.JsonException or InvalidOperationException)
        {
            if (checks.Count == 0) checks = ChecksOf(assignment);
            var zero = checks.Select(c => new CourseCheckGrade(c.Id, 0, c.Points, false, c.Hidden,
                $"not graded: {e.Message}")).ToList();
            return new CourseGrade(submission, assignment, zero, clock.Elapsed.TotalSeconds, e.Message);
        }
    }
}
