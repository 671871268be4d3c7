
namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// Combines the output folders of a sweep's shards into one table. Every cells/*.json of every folder is read; all must
/// come from one grid (or <c>grid</c> is given, and cells outside it, or computed with other settings, are ignored). A
/// cell found twice must carry the same
/// numbers, else it is an error naming both files; the table lists cells in the grid's canonical order, so it does not
/// depend on how the grid was sharded or in which order the folders are named.
/// </summary>
public static class SweepMerge
{
    public static SweepMergeResult Merge(IEnumerable<string> directories, SweepGrid? grid = null)
    {
        var files = directories.SelectMany(CellFiles).ToArray();
        var records = files.Select(f => (Path: f, Record: ReadCell(f))).ToArray();
        bool explicitGrid = grid is not null;
        if (grid is null)
        {
            if (records.Length == 0)
                throw new InvalidDataException($"No finished cells (cells/*.json) in {string.Join(", ",
                    directories)}.");
            var (firstPath, first) = records[0];
            grid = first.Grid;
            foreach (var (path, record) in records)
            {
                var differences = JsonFormat.Differences(grid, record.Grid);
                if (differences.Count > 0)
                    throw new InvalidDataException(
                        $"{firstPath} and {path} come from different grids ({string.Join("; ", differences)}); " +
                        "merge one grid at a time, or name the grid to merge against (--grid).");
            }
        }

        var cells = grid.Cells();
        var byId = cells.ToDictionary(c => c.Id);
        var found = new Dictionary<string, (string Path, SweepCellRecord Record)>();
        var ignored = new List<string>();
        foreach (var (path, record) in records)
        {
            if (!byId.TryGetValue(record.Cell.Id, out var cell))
            {
                ignored.Add(path);
                continue;
            }
            var differences = JsonFormat.Differences(cell.WithoutIndex(), record.Cell.WithoutIndex());
            if (differences.Count > 0 && explicitGrid)
            {
                ignored.Add(path); // the same cell id computed for another grid
                continue;
            }
            if (differences.Count > 0)
                throw new InvalidDataException($"{path} holds cell {cell.Id} with settings other than the grid's " +
                    $"({string.Join("; ", differences)}).");
            if (found.TryGetValue(cell.Id, out var earlier))
            {
                if (!earlier.Record.SameNumbers(record))
                    throw new InvalidDataException($"Cell {cell.Id} is in {earlier.Path} and in {path} with " +
                        "different numbers.");
                continue;
            }
            found[cell.Id] = (path, record with { Cell = cell });
        }

        return new SweepMergeResult(
            grid,
            cells.Where(c => found.ContainsKey(c.Id)).Select(c => found[c.Id].Record).ToArray(),
            cells.Where(c => !found.ContainsKey(c.Id)).ToArray(),
            ignored,
            files.Length);
    }

    /// <summary>The cell records of a sweep output folder (its cells/ subfolder, or the folder itself if it holds
    /// them), sorted by name.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> CellFiles(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Sweep folder {directory} does not exist.");
        string cells = Path.Combine(directory, SweepRunner.CellsFolder);
        string folder = Directory.Exists(cells) ? cells : directory;
        return Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray();
    }

    /// <exception cref="InvalidDataException">Not a sweep cell record; the message names the file.</exception>
    public static SweepCellRecord ReadCell(string path)
    {
        var record = JsonFormat.Deserialize<SweepCellRecord>(File.ReadAllText(path), path);
        if (record.Format != SweepCellRecord.CurrentFormat || record.Cell is null || record.Grid is null
            || record.Results is null)
            throw new InvalidDataException($"{path}: not a sweep cell record (format '{record.Format}', expected " +
                $"'{SweepCellRecord.CurrentFormat}').");
        return record;
    }

    /// <summary>The merged table as JSON: the grid, the ids of missing cells, and every row.</summary>
    public static string ToJson(SweepMergeResult merged) => JsonFormat.Serialize(new
    {
        format = "correctnet-sweep-table/1",
        grid = merged.Grid,
        cells = merged.Cells.Count,
        grid_cells = merged.GridCells,
        missing = merged.Missing.Select(c => c.Id),
        rows = merged.Rows,
    });
}
