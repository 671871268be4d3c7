using System.Diagnostics;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// Runs the cells of one shard of a grid into an output folder: &lt;out&gt;/cells/&lt;cell id&gt;.csv (the cell's rows)
/// then &lt;out&gt;/cells/&lt;cell id&gt;.json (<see cref="SweepCellRecord"/>), both atomically, the JSON last: a cell
/// whose JSON exists is finished. A rerun skips finished cells whose settings equal the grid's (a killed sweep resumes
/// at its first unfinished cell) and stops with an error on a finished cell computed with other settings. At the end
/// &lt;out&gt;/results.csv holds every finished cell of the grid found in the folder (all shards that wrote there).
/// </summary>
public static class SweepRunner
{
    public const string CellsFolder = "cells";
    public const string ResultsFile = "results.csv";

    /// <remarks>
    /// <para>gridFile: Where the grid came from, recorded in each cell (null when built in code).</para>
    /// <para>device: The device label recorded in each cell ("cpu", "cuda:0").</para>
    /// </remarks>
    public static SweepRunSummary Run(
        SweepGrid grid,
        string outDirectory,
        SweepShard shard,
        ISweepCellEvaluator evaluator,
        string? gridFile = null,
        string device = "cpu",
        IProgress<SweepProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var all = grid.Cells();
        var mine = all.Where(shard.Contains).ToArray();
        string cellsFolder = Path.Combine(outDirectory, CellsFolder);
        Directory.CreateDirectory(cellsFolder);
        string? gridPath = gridFile is null ? null : Path.GetFullPath(gridFile);

        int computed = 0, skipped = 0;
        for (int i = 0; i < mine.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var cell = mine[i];
            string jsonPath = CellPath(outDirectory, cell, ".json");
            if (File.Exists(jsonPath))
            {
                var stored = SweepMerge.ReadCell(jsonPath);
                var differences = JsonFormat.Differences(stored.Cell.WithoutIndex(), cell.WithoutIndex());
                if (differences.Count > 0)
                    throw new InvalidDataException(
                        $"{jsonPath} holds cell {cell.Id} computed with other settings ({string.Join("; ",
                            differences)}); " +
                        "write to another --out folder or delete that file.");
                if (stored.Cell.Index != cell.Index || JsonFormat.Differences(stored.Grid, grid).Count > 0)
                {
                    // the grid was edited around it
                    Write(outDirectory, stored with { Cell = cell, Grid = grid, GridFile = gridPath });
                }
                skipped++;
                progress?.Report(new SweepProgress(cell, i + 1, mine.Length, SweepCellState.Skipped, null, 0));
                continue;
            }

            var started = DateTime.UtcNow;
            var cellClock = Stopwatch.StartNew();
            var status = new SynchronousProgress<string>(text =>
                progress?.Report(new SweepProgress(cell, i + 1, mine.Length, SweepCellState.Running, text,
                    cellClock.Elapsed.TotalSeconds)));
            status.Report("starting");
            var evaluation = evaluator.Evaluate(cell, status, cancellation);
            if (evaluation.Results.Count != cell.Sigmas.Count
                || !evaluation.Results.Select(r => r.Sigma).SequenceEqual(cell.Sigmas))
                throw new InvalidOperationException(
                    $"The evaluator returned σ = [{string.Join(", ", evaluation.Results.Select(r => r.Sigma))}] " +
                    $"for cell {cell.Id}; expected [{string.Join(", ", cell.Sigmas)}].");
            var record = new SweepCellRecord(SweepCellRecord.CurrentFormat, cell, grid, gridPath, shard.ToString(),
                CorrectNetInfo.Version, CorrectNetInfo.GitCommit, Environment.MachineName, device,
                started, DateTime.UtcNow, cellClock.Elapsed.TotalSeconds, evaluation.Training, evaluation.Results,
                TorchSharp.torch.get_num_threads());
            Write(outDirectory, record);
            computed++;
            progress?.Report(new SweepProgress(cell, i + 1, mine.Length, SweepCellState.Finished, null,
                cellClock.Elapsed.TotalSeconds));
        }

        var finished = FinishedCells(outDirectory, all);
        string results = Path.GetFullPath(Path.Combine(outDirectory, ResultsFile));
        SweepTable.Write(results, finished.SelectMany(r => r.Rows()));
        return new SweepRunSummary(shard, all.Count, mine.Length, computed, skipped, finished.Count,
            clock.Elapsed.TotalSeconds, results);
    }

    /// <summary>&lt;out&gt;/cells/&lt;cell id&gt;&lt;extension&gt;.</summary>
    public static string CellPath(string outDirectory, SweepCell cell, string extension) =>
        Path.Combine(outDirectory, CellsFolder, cell.Id + extension);

    /// <summary>The cells of <paramref name="cells"/> finished in the folder with the same settings, in the given
    /// order.</summary>
    private static IReadOnlyList<SweepCellRecord> FinishedCells(string outDirectory, IReadOnlyList<SweepCell> cells)
    {
        var found = new List<SweepCellRecord>();
        foreach (var cell in cells)
        {
            string path = CellPath(outDirectory, cell, ".json");
            if (!File.Exists(path)) continue;
            var stored = SweepMerge.ReadCell(path);
            if (JsonFormat.Differences(stored.Cell.WithoutIndex(), cell.WithoutIndex()).Count == 0)
                found.Add(stored with { Cell = cell });
        }
        return found;
    }

    /// <summary>The cell's CSV rows, then its JSON record (the mark of a finished cell), each atomically.</summary>
    private static void Write(string outDirectory, SweepCellRecord record)
    {
        SweepTable.Write(CellPath(outDirectory, record.Cell, ".csv"), record.Rows());
        AtomicFile.WriteAllText(CellPath(outDirectory, record.Cell, ".json"), JsonFormat.Serialize(record));
    }
}
