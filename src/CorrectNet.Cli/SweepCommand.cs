using System.CommandLine;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Sweeps;

namespace CorrectNet.Cli;

/// <summary>correctnet sweep: runs (one shard of) a grid of models × data sets × methods × seeds × σ;
/// resumable.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var grid = new Option<string>("--grid")
        {
            Description = "Grid file (.json, .yaml or .yml): models, datasets, sigmas, methods, seeds, … " +
                "(docs/sweeps.md).",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Output folder: cells/<cell id>.json and .csv per finished cell, results.csv. Rerunning " +
                "into it skips finished cells.",
            Required = true,
        };
        var shard = new Option<string>("--shard")
        {
            Description = "Run only shard i of n (\"i/n\", 0 ≤ i < n): the cells with index mod n = i. For job " +
                "arrays: --shard $SLURM_ARRAY_TASK_ID/n.",
            DefaultValueFactory = _ => "0/1",
        };
        var cache = new Option<string?>("--cache")
        {
            Description = "Result cache for trained models and Monte-Carlo results. Default: $CORRECTNET_CACHE, else " +
                "the clone's .cache/.",
        };
        var device = CommonOptions.Device();
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("sweep",
            "Run a grid of trainings and Monte-Carlo evaluations (or one shard of it); each finished cell is written " +
            "at once, so a killed sweep resumes.")
        {
            grid, output, shard, cache, device, data, json,
        };
        command.SetAction((parse, cancellation) =>
        {
            string gridFile = parse.GetValue(grid)!, outDirectory = parse.GetValue(output)!;
            string deviceName = parse.GetValue(device)!;
            var selected = SweepShard.Parse(parse.GetValue(shard)!);
            var sweep = SweepGridFile.Load(gridFile);
            OutputCheck.Folder(outDirectory, "--out");
            var torchDevice = ComputeDevice.Parse(deviceName);
            var resultCache = parse.GetValue(cache) is { } root ? new ResultCache(root) : ResultCache.Default;
            bool asJson = parse.GetValue(json);
            var context = new ExperimentContext(resultCache, torchDevice)
            {
                TrainingThreads = ExperimentProfile.Resolve(sweep.Profile).Training.Threads,
            };
            using var evaluator = new TrainingCellEvaluator(context, parse.GetValue(data));
            var summary = ConsoleProgress.RunSweep(asJson, progress =>
                SweepRunner.Run(
                    sweep, outDirectory, selected, evaluator, gridFile, deviceName, progress, cancellation));
            if (asJson)
            {
                Console.WriteLine(JsonFormat.Serialize(new
                {
                    shard = summary.Shard.ToString(),
                    grid_cells = summary.GridCells,
                    shard_cells = summary.ShardCells,
                    computed = summary.Computed,
                    skipped = summary.Skipped,
                    finished_in_folder = summary.FinishedInFolder,
                    seconds = summary.Seconds,
                    results = summary.ResultsCsv,
                    library_version = CorrectNetInfo.Version,
                    git_commit = CorrectNetInfo.GitCommit,
                }));
            }
            else
            {
                Console.WriteLine($"sweep shard {summary.Shard}: {summary.ShardCells} of {summary.GridCells} cells; " +
                                  $"{summary.Computed} computed, {summary.Skipped} already finished, in " +
                                  $"{summary.Seconds:F1} s; " +
                                  $"{summary.FinishedInFolder}/{summary.GridCells} cells in {summary.ResultsCsv}");
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
