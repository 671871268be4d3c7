using System.CommandLine;
using CorrectNet.Experiments.Sweeps;

namespace CorrectNet.Cli;

/// <summary>correctnet merge: the output folders of a sweep's shards as one table in canonical cell order.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders")
        {
            Description = "Output folders of `correctnet sweep` (one per shard, or one shared).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out")
        {
            Description = "CSV table to write (one row per cell and σ).",
            Required = true,
        };
        var jsonOut = new Option<string?>("--json-out")
        {
            Description = "Also write the table as JSON (grid, missing cells, rows).",
        };
        var grid = new Option<string?>("--grid")
        {
            Description = "Merge against this grid file: cells outside it or computed with other settings are " +
                "ignored. Default: the grid recorded in the cells (all must agree).",
        };
        var strict = new Option<bool>("--require-complete")
        {
            Description = "Fail when a cell of the grid is missing.",
        };
        var command = new Command("merge",
            "Combine the shards of a sweep into one table; duplicate cells must agree, rows follow the grid's " +
            "canonical order.")
        {
            folders, output, jsonOut, grid, strict,
        };
        command.SetAction(parse =>
        {
            OutputCheck.File(parse.GetValue(output)!, "--out");
            if (parse.GetValue(jsonOut) is { } jsonFile) OutputCheck.File(jsonFile, "--json-out");
            var against = parse.GetValue(grid) is { } gridFile ? SweepGridFile.Load(gridFile) : null;
            string[] directories = parse.GetValue(folders)!;
            var merged = SweepMerge.Merge(directories, against);
            if (parse.GetValue(strict) && merged.Missing.Count > 0)
                throw new InvalidDataException($"{merged.Missing.Count} of {merged.GridCells} cells are missing: " +
                    $"{string.Join(", ", merged.Missing.Select(c => c.Id))}.");
            string csv = parse.GetValue(output)!;
            SweepTable.Write(csv, merged.Rows);
            if (parse.GetValue(jsonOut) is { } json) AtomicFile.WriteAllText(json, SweepMerge.ToJson(merged));
            if (merged.Missing.Count > 0)
                Console.Error.WriteLine($"missing {merged.Missing.Count} cells: " +
                    $"{string.Join(", ", merged.Missing.Take(10).Select(c => c.Id))}" +
                    $"{(merged.Missing.Count > 10 ? ", …" : "")}");
            if (merged.Ignored.Count > 0)
                Console.Error.WriteLine($"ignored {merged.Ignored.Count} files of cells outside the grid, e.g. " +
                    $"{merged.Ignored[0]}");
            Console.WriteLine($"merged {merged.Cells.Count}/{merged.GridCells} cells ({merged.Rows.Count} rows) from " +
                              $"{merged.FilesRead} files in " +
                              $"{directories.Length} folders into {Path.GetFullPath(csv)}");
            return 0;
        });
        return command;
    }
}
