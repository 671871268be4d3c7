using System.CommandLine;
using System.Diagnostics;
using CorrectNet.Experiments.Profiles;
using Spectre.Console;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet reproduce: executes the notebooks headless and collects executed notebooks, figures and tables.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile")
        {
            Description = "quick (CI smoke run: small subsets, a few chips), " +
                          "default (shipped Fashion-MNIST, a laptop) " +
                          "or paper (all nets and data sets, GPU recommended).",
            DefaultValueFactory = _ => "default",
        };
        var notebooks = new Option<string?>("--notebooks")
        {
            Description = "Which notebooks to run: a file-name pattern with * and ? (e.g. '01*'), " +
                          "or a substring of the name. Default: all.",
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder for executed notebooks (outputs kept), figures (PNG, standalone offline HTML), " +
                          "tables (CSV) and the results page (gallery/results.md).",
            DefaultValueFactory = _ => "artifacts",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Minutes a single notebook may run before it is stopped and counted as failed.",
            DefaultValueFactory = _ => 120,
        }.AtLeast(1);
        var runner = new Option<NotebookEngine>("--runner")
        {
            Description = "What executes the notebooks: " +
                          "jupyter (nbconvert with the pinned .NET Interactive kernel, the engine " +
                          "Jupyter and VS Code run), repl (dotnet-repl, needs nothing but .NET) " +
                          "or auto (jupyter when installed).",
            DefaultValueFactory = _ => NotebookEngine.Auto,
        };
        var checkFigures = new Option<bool>("--check-figures")
        {
            Description = "Fail unless a headless Chromium is found, every figure output carries a static image " +
                          "and draws when the executed notebook, rendered to HTML, is opened in the browser (CI). " +
                          "Without it the check runs whenever a browser is found.",
        };
        var device = CommonOptions.Device();
        var command = new Command("reproduce",
            "Execute the notebooks headless (in notebook order) and write every figure and table to --out.")
        {
            profile, notebooks, output, timeout, runner, checkFigures, device,
        };
        command.SetAction(parse =>
        {
            var chosen = ExperimentProfile.Resolve(parse.GetValue(profile));
            string root = ProjectPaths.RepositoryRoot
                ?? throw new IOException($"reproduce runs inside a clone of the kit: " +
                                         $"no {ProjectPaths.SolutionFile} above {Environment.CurrentDirectory}.");
            string deviceName = parse.GetValue(device)!;
            ComputeDevice.Parse(deviceName); // fail here, not in every notebook
            OutputCheck.Folder(parse.GetValue(output)!, "--out"); // before any build or notebook
            var run = new NotebookRunner(root, Path.GetFullPath(parse.GetValue(output)!), chosen, deviceName,
                TimeSpan.FromMinutes(parse.GetValue(timeout)));
            var selected = run.Find(parse.GetValue(notebooks));
            if (selected.Count == 0)
            {
                Console.Error.WriteLine(
                    $"correctnet: no notebook in {run.NotebookFolder} matches '{parse.GetValue(notebooks)}'.");
                return 1;
            }
            Console.WriteLine($"profile {chosen.Name}: {chosen.Description}");
            Console.WriteLine($"running {selected.Count} notebook(s); outputs in {run.OutputFolder}");
            var names = selected.Select(Path.GetFileNameWithoutExtension).Select(n => n!).ToList();
            var timings = TimingsFolder.For(chosen);
            var plan = RunPlan.Make(names, timings);
            Console.WriteLine($"plan (cache entries of each notebook's last recorded run, in {timings.Folder}):");
            AnsiConsole.Write(plan.ToTable());
            Console.WriteLine($"estimated: {plan.TotalText()}");
            run.Prepare(parse.GetValue(runner), parse.GetValue(checkFigures));
            Console.WriteLine($"  engine: {run.Engine}; figures checked in: {run.Browser ?? "(no browser)"}");

            var eta = new RunEta([.. plan.Rows.Select(r => r.EstimateSeconds)]);
            var results = ConsoleProgress.RunNotebooks(names, eta, i => RunTimed(run, timings, selected[i]), r =>
                r.Succeeded
                    ? $"ok in {r.Elapsed.TotalSeconds:F0} s; {FigureSummary(r)}"
                    : $"FAILED in {r.Elapsed.TotalSeconds:F0} s: {r.Failure}");

            var table = new Table().AddColumns("notebook", "result", "figures", "seconds");
            foreach (var r in results)
                table.AddRow(Markup.Escape(r.Name), r.Succeeded ? "[green]ok[/]" : "[red]failed[/]",
                    Markup.Escape(FigureSummary(r)), $"{r.Elapsed.TotalSeconds:F0}");
            AnsiConsole.Write(table);
            var times = new TimingsTable([.. results.Select(TimingsRow.Of)]);
            AnsiConsole.Write(times.ToConsoleTable());
            var (csv, markdown) = times.Write(run.OutputFolder, chosen.Name, DateTimeOffset.UtcNow);
            Console.WriteLine($"times: {csv}, {markdown}");
            Console.WriteLine(RunComputations.Of(
                results.Where(r => r.Timings is not null).Select(r => (r.Name, r.Timings!))).Summary());
            // A failed notebook keeps the section of its last good run: the page never shows half a notebook.
            string gallery = ResultsGallery.Write(run.OutputFolder,
                results.Where(r => r.Succeeded).Select(r => r.Name).ToList(), chosen);
            Console.WriteLine($"results page: {gallery}");
            int failed = results.Count(r => !r.Succeeded);
            Console.WriteLine($"notebooks: {results.Count - failed} passed, {failed} failed; " +
                              $"total {results.Sum(r => r.Elapsed.TotalSeconds):F0} s");
            foreach (var r in results.Where(r => !r.Succeeded))
                Console.Error.WriteLine($"correctnet: {r.Name} failed: {r.Failure}");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// Runs one notebook with <see cref="ProcessTimings.Variable"/> naming its timings file (the variable reaches the
    /// kernel as every CORRECTNET_ variable does: nbconvert's kernel and dotnet-repl inherit the runner's environment),
    /// reads the kernel's record back and adds the run to the notebook's history.
    /// </summary>
    private static NotebookResult RunTimed(NotebookRunner run, TimingsFolder timings, string notebook)
    {
        string name = Path.GetFileNameWithoutExtension(notebook);
        timings.ClearKernelRecord(name);
        var result = run.Run(notebook, environment: new Dictionary<string, string>
        {
            [ProcessTimings.Variable] = timings.KernelRecordPath(name),
        });
        result = result with { Timings = timings.KernelRecord(name) };
        try
        {
            timings.Remember(result, DateTimeOffset.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The history only feeds the next plan's estimates: losing it must not fail the run.
            Console.Error.WriteLine($"correctnet: cannot keep {name}'s timings in {timings.Folder}: {e.Message}");
        }
        return result;
    }

    private static string FigureSummary(NotebookResult r) =>
        r.Drawn is { } drawn ? $"{drawn}/{r.Figures} figures drawn" : $"{r.Figures} figures (not checked in a browser)";
}
