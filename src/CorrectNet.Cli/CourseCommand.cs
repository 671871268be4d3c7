using System.CommandLine;
using CorrectNet.Experiments.Profiles;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet course: hands out the assignments of course/ (release) and grades submitted notebooks (grade);
/// docs/teaching.md.
/// </summary>
internal static class CourseCommand
{
    public static Command Create() => new("course",
        "Course assignments (course/): write the student versions, grade submitted notebooks. See docs/teaching.md.")
    {
        Release(),
        Grade(),
    };

    private static Command Release()
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the student versions and their support files. Put it directly inside the " +
                          "clone (e.g. handout/), as course/ is, so the notebooks find and build the kit.",
            DefaultValueFactory = _ => "handout",
        };
        var command = new Command("release",
            "Write the student version of every assignment: solutions become " +
            "`throw new NotImplementedException();`, hidden tests are removed.")
        {
            output,
        };
        command.SetAction(parse =>
        {
            string root = Root();
            string target = Path.GetFullPath(parse.GetValue(output)!);
            var sources = Sources(root);
            Directory.CreateDirectory(target);
            foreach (string source in sources)
            {
                string released = CourseNotebook.Load(source).Release();
                AtomicFile.WriteAllText(Path.Combine(target, Path.GetFileName(source)), released);
            }
            CourseSupport.Copy(root, target);
            Console.WriteLine($"released {sources.Count} assignments to {target}");
            return 0;
        });
        return command;
    }

    private static Command Grade()
    {
        var submissions = new Argument<string[]>("submissions")
        {
            Description = "Submitted notebooks (.ipynb). Each names its assignment in its metadata, else by its " +
                          "file name.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Standard output holds one JSON object (every submission, every check); progress goes " +
                          "to standard error.",
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder for the scratch copies the submissions run in and their executed notebooks.",
            DefaultValueFactory = _ => Path.Combine(".build", "course-grading"),
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds one submission may run in all; then it is stopped and the checks that had not " +
                          "run score zero.",
            DefaultValueFactory = _ => 600,
        };
        var cellTimeout = new Option<int>("--cell-timeout")
        {
            Description = "Seconds one cell may run; then it is interrupted and the next cell runs.",
            DefaultValueFactory = _ => 180,
        };
        var parallel = new Option<int>("--parallel")
        {
            Description = "Submissions graded at the same time (each in its own kernel).",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("grade",
            "Run each submission headless in the .NET Interactive kernel (Jupyter) in a scratch copy, with the " +
            "assignment's checks and hidden tests restored from course/, and print a score per check and in total.")
        {
            submissions, json, output, timeout.AtLeast(1), cellTimeout.AtLeast(1), parallel.AtLeast(1),
        };
        command.SetAction(parse =>
        {
            bool asJson = parse.GetValue(json);
            string root = Root();
            string[] files = parse.GetValue(submissions)!.Select(Path.GetFullPath).ToArray();
            foreach (string file in files.Where(f => !File.Exists(f)))
                throw new FileNotFoundException($"submission {file} does not exist.", file);
            var human = asJson ? Console.Error : Console.Out;
            var stdout = Console.Out;
            Console.SetOut(human); // the runner reports its steps on standard output
            try
            {
                var runner = new NotebookRunner(root, Path.GetFullPath(parse.GetValue(output)!),
                    ExperimentProfile.Quick, "cpu", TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    TimeSpan.FromSeconds(parse.GetValue(cellTimeout)));
                runner.Prepare(NotebookEngine.Jupyter, requireBrowser: false);
                var grader = new CourseGrader(root, runner);
                var grades = new CourseGrade[files.Length];
                var options = new ParallelOptions { MaxDegreeOfParallelism = parse.GetValue(parallel) };
                Parallel.For(0, files.Length, options, i =>
                {
                    grades[i] = grader.Grade(files[i]);
                    lock (human) Print(grades[i], human);
                });
                human.WriteLine($"graded {grades.Length} submissions: " +
                                $"{grades.Sum(g => g.Score)} of {grades.Sum(g => g.MaxScore)} points");
                if (asJson) stdout.WriteLine(CourseScoring.ToJson(grades));
            }
            finally
            {
                Console.SetOut(stdout);
            }
            return 0;
        });
        return command;
    }

    private static void Print(CourseGrade grade, TextWriter to)
    {
        to.WriteLine($"{grade.Submission} ({grade.Assignment}): {grade.Score}/{grade.MaxScore} points " +
                     $"in {grade.Seconds:F0} s" +
                     (grade.Error is null ? "" : $" ({grade.Error})"));
        foreach (var check in grade.Checks)
            to.WriteLine($"    {(check.Passed ? "passed" : "FAILED")} {check.Id}{(check.Hidden ? " (hidden)" : "")} " +
                         $"{check.Points}/{check.MaxPoints}{(check.Passed ? "" : ": " + check.Message)}");
    }

    private static string Root() => ProjectPaths.RepositoryRoot
        ?? throw new IOException($"course runs inside a clone of the kit: " +
                                 $"no {ProjectPaths.SolutionFile} above {Environment.CurrentDirectory}.");

    private static IReadOnlyList<string> Sources(string root)
    {
        string folder = Path.Combine(root, "course");
        var sources = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : [];
        if (sources.Count == 0) throw new IOException($"no assignment notebooks (*.ipynb) in {folder}.");
        return sources;
    }
}
