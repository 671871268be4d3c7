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

    private static string CellLine(SweepProgress p) =>
        $"[{p.Position}/{p.Total}] cell {p.Cell.Index} {p.Cell.Id}: " +
        (p.State == SweepCellState.Skipped ? "already finished, skipped" : $"done in {p.Seconds:F1} s");

    private static string EpochLine(EpochRecord e, int epochs) =>
        $"epoch {e.Epoch}/{epochs}  lr {e.LearningRate:G3}  loss {e.TrainLoss:F4}  train {e.TrainAccuracy:P2}  test " +
        $"{e.TestAccuracy:P2}  {e.Seconds:F1} s on {e.Threads} thread(s)";
}
