using System.Diagnostics;
using System.Globalization;
using CorrectNet.Evaluation;
using CorrectNet.Experiments.Sweeps;
using CorrectNet.Training;
using Spectre.Console;

namespace CorrectNet.Cli;

/// <summary>
/// Training progress: a live bar on an interactive terminal, one line per epoch otherwise (logs, CI, --json).
/// With --json (<c>plain</c>) the lines go to stderr, so stdout holds the JSON result alone and pipes into a parser.
/// </summary>
internal static class ConsoleProgress
{
    /// <summary>Where plain progress lines go: stderr under --json, stdout otherwise.</summary>
    public static TextWriter LinesFor(bool json) => json ? Console.Error : Console.Out;

    public static T RunTraining<T>(bool plain, Func<IProgress<TrainingProgress>, T> work)
    {
        if (Plain(plain))
            return work(new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Finished is { } e) LinesFor(plain).WriteLine(EpochLine(e, p.Epochs));
            }));

        return Bar(context =>
        {
            var task = context.AddTask("training");
            return work(new SynchronousProgress<TrainingProgress>(p =>
            {
                task.MaxValue = (double)p.Epochs * p.Batches;
                task.Value = (double)(p.Epoch - 1) * p.Batches + p.Batch;
                task.Description = $"epoch {p.Epoch}/{p.Epochs} loss {p.RunningLoss:F3}";
                if (p.Finished is { } e) AnsiConsole.MarkupLine(Markup.Escape(EpochLine(e, p.Epochs)));
            }));
        });
    }

    /// <summary>Monte-Carlo progress: a live bar on an interactive terminal, a line every 10% otherwise.</summary>
    public static T RunMonteCarlo<T>(bool plain, int chips, Func<IProgress<MonteCarloProgress>, T> work)
    {
        if (Plain(plain))
            return work(new SynchronousProgress<MonteCarloProgress>(p =>
            {
                if (p.Done == p.Total || p.Done % Math.Max(1, p.Total / 10) == 0)
                    LinesFor(plain).WriteLine($"chip {p.Done}/{p.Total}: accuracy {p.Accuracy:P2}");
            }));

        return Bar(context =>
        {
            var task = context.AddTask("chips", maxValue: chips);
            return work(new SynchronousProgress<MonteCarloProgress>(p =>
            {
                task.Value = p.Done;
                task.Description = $"chip {p.Done}/{p.Total} ({p.Accuracy:P1})";
            }));
        });
    }

    /// <summary>Sweep progress: a live bar over the shard's cells on an interactive terminal, one line per cell
    /// otherwise.</summary>
    public static T RunSweep<T>(bool plain, Func<IProgress<SweepProgress>, T> work)
    {
        if (Plain(plain))
            return work(new SynchronousProgress<SweepProgress>(p =>
            {
                if (p.State != SweepCellState.Running) LinesFor(plain).WriteLine(CellLine(p));
            }));

        return Bar(context =>
        {
            ProgressTask? task = null;
            return work(new SynchronousProgress<SweepProgress>(p =>
            {
                task ??= context.AddTask("cells", maxValue: Math.Max(1, p.Total));
                if (p.State == SweepCellState.Running)
                {
                    task.Description = Markup.Escape($"[{p.Position}/{p.Total}] {p.Cell.Id}: {p.Status}");
                    return;
                }
                task.Value = p.Position;
                AnsiConsole.MarkupLine(Markup.Escape(CellLine(p)));
            }));
        });
    }

    /// <summary>Plain lines rather than a live bar: asked for (--json), or no terminal to draw on (logs, CI).</summary>
    private static bool Plain(bool plain) => plain || !AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>A live bar with the same columns for every command; <paramref name="work"/> adds its tasks.</summary>
    private static T Bar<T>(Func<ProgressContext, T> work) =>
        AnsiConsole.Progress()
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .Start(work);

    /// <summary>
    /// Reproduce's progress over its notebooks: on an interactive terminal a live display with a line for the running
    /// notebook and an overall line (notebooks done, elapsed, ETA from the plan, <see cref="RunEta"/>) refreshed every
    /// second; otherwise "▶ name" before and, after each notebook, its outcome and the overall line.
    /// </summary>
    /// <param name="names">Notebooks in run order.</param>
    /// <param name="eta">The plan's estimates; told each notebook's wall time as it finishes.</param>
    /// <param name="run">Runs notebook i.</param>
    /// <param name="outcome">One line saying how a finished notebook went.</param>
    public static IReadOnlyList<NotebookResult> RunNotebooks(IReadOnlyList<string> names, RunEta eta,
        Func<int, NotebookResult> run, Func<NotebookResult, string> outcome)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var watch = Stopwatch.StartNew();
            return RunNotebooksPlain(names, eta, run, outcome, Console.Out, () => watch.Elapsed);
        }

        return RunNotebooksLive(AnsiConsole.Console, names, eta, run, outcome, TimeSpan.FromSeconds(1));
    }

    /// <summary><see cref="RunNotebooks"/> on a live display of <paramref name="console"/>, the overall line
    /// refreshed every <paramref name="refresh"/>.</summary>
    internal static IReadOnlyList<NotebookResult> RunNotebooksLive(IAnsiConsole console, IReadOnlyList<string> names,
        RunEta eta, Func<int, NotebookResult> run, Func<NotebookResult, string> outcome, TimeSpan refresh)
    {
        var results = new List<NotebookResult>();
        var clock = Stopwatch.StartNew();
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn())
            .Start(context =>
            {
                var overall = context.AddTask(Markup.Escape(OverallLine(eta, clock.Elapsed)), maxValue: 1);
                for (int i = 0; i < names.Count; i++)
                {
                    int index = i;
                    var current = context.AddTask(Markup.Escape($"▶ {names[i]}"));
                    current.IsIndeterminate = true;
                    var notebookClock = Stopwatch.StartNew();
                    var work = Task.Run(() => run(index));
                    while (!work.Wait(refresh))
                    {
                        double running = notebookClock.Elapsed.TotalSeconds;
                        overall.Value = eta.Fraction(running);
                        overall.Description = Markup.Escape(OverallLine(eta, clock.Elapsed, running));
                    }
                    var result = work.GetAwaiter().GetResult();
                    results.Add(result);
                    eta.Finished(result.Elapsed.TotalSeconds);
                    current.IsIndeterminate = false;
                    current.Value = current.MaxValue;
                    current.Description = Markup.Escape($"{result.Name}: {(result.Succeeded ? "ok" : "FAILED")}");
                    current.StopTask();
                    console.MarkupLine(Markup.Escape($"▶ {result.Name}: {outcome(result)}"));
                    overall.Value = eta.Fraction();
                    overall.Description = Markup.Escape(OverallLine(eta, clock.Elapsed));
                }
                overall.StopTask();
            });
        console.WriteLine(OverallLine(eta, clock.Elapsed));
        return results;
    }

    /// <summary><see cref="RunNotebooks"/> for logs and CI: plain lines to <paramref name="lines"/>.</summary>
    /// <param name="elapsed">The run's elapsed time so far (tests pass a fake one).</param>
    internal static IReadOnlyList<NotebookResult> RunNotebooksPlain(IReadOnlyList<string> names, RunEta eta,
        Func<int, NotebookResult> run, Func<NotebookResult, string> outcome, TextWriter lines,
        Func<TimeSpan> elapsed)
    {
        var results = new List<NotebookResult>();
        for (int i = 0; i < names.Count; i++)
        {
            lines.WriteLine($"▶ {names[i]}");
            var result = run(i);
            results.Add(result);
            eta.Finished(result.Elapsed.TotalSeconds);
            lines.WriteLine($"  {outcome(result)}");
            lines.WriteLine($"  {OverallLine(eta, elapsed())}");
        }
        return results;
    }

    /// <summary>"3/8 notebooks done, elapsed 12.4 min, ETA 35.0 min" (ETA "≥ …, k without estimate" when some
    /// notebooks left have none; "unknown" when all have none).</summary>
    /// <param name="runningSeconds">Elapsed seconds of the running notebook.</param>
    public static string OverallLine(RunEta eta, TimeSpan elapsed, double runningSeconds = 0)
    {
        var (seconds, unknown) = eta.Remaining(runningSeconds);
        string left = seconds is not { } s ? "ETA unknown"
            : unknown == 0 ? $"ETA {Minutes(s)}"
            : $"ETA ≥ {Minutes(s)} ({unknown} without estimate)";
        return $"{eta.Done}/{eta.Total} notebooks done, elapsed {Minutes(elapsed.TotalSeconds)}, {left}";
    }

    private static string Minutes(double seconds) =>
        (seconds / 60).ToString("F1", CultureInfo.InvariantCulture) + " min";

    private static string CellLine(SweepProgress p) =>
        $"[{p.Position}/{p.Total}] cell {p.Cell.Index} {p.Cell.Id}: " +
        (p.State == SweepCellState.Skipped ? "already finished, skipped" : $"done in {p.Seconds:F1} s");

    private static string EpochLine(EpochRecord e, int epochs) =>
        $"epoch {e.Epoch}/{epochs}  lr {e.LearningRate:G3}  loss {e.TrainLoss:F4}  train {e.TrainAccuracy:P2}  test " +
        $"{e.TestAccuracy:P2}  {e.Seconds:F1} s on {e.Threads} thread(s)";
}
