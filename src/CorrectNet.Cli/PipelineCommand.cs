using System.CommandLine;
using CorrectNet.Data;
using CorrectNet.Experiments.Caching;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Recipes;
using CorrectNet.Experiments.Results;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet pipeline: notebook 07's pipeline and baselines for more training seeds (docs/method.md F37 "Seeds").
/// Each (network, seed) is a job with its own trainings and units on the same unseen chips; every stage goes through
/// the result cache, so an interrupted run resumes, and each finished job leaves its record in
/// &lt;cache&gt;/pipeline-seeds/&lt;profile&gt;/, where notebook 07 reads them. --shard i/n runs every n-th job, so
/// several machines can share the seeds and copy their record folders together.
/// </summary>
internal static class PipelineCommand
{
    public static Command Create()
    {
        var profile = CommonOptions.Profile("Experiment profile (quick, default, paper); default " +
            "$CORRECTNET_PROFILE, else default. Notebook 07 shows the records of its own profile.");
        var seeds = new Option<long[]>("--seeds")
        {
            Description = "Training seeds, e.g. --seeds 1 2 3 (seed 1 is notebook 07's own run).",
            DefaultValueFactory = _ => [1, 2, 3],
            AllowMultipleArgumentsPerToken = true,
        };
        var networks = new Option<string[]>("--networks")
        {
            Description = "Networks as model/dataset (default: the profile's pipeline networks).",
            AllowMultipleArgumentsPerToken = true,
        };
        var shard = new Option<string>("--shard")
        {
            Description = "i/n: run only jobs i, i + n, … of the (network, seed) jobs in order (0-based).",
            DefaultValueFactory = _ => "0/1",
        };
        var device = CommonOptions.Device();
        var data = CommonOptions.Data();
        var command = new Command("pipeline",
            "Run notebook 07's pipeline and baselines for each training seed and record each run's table row for the " +
            "seed table (docs/method.md F37, Seeds).")
        {
            profile, seeds, networks, shard, device, data,
        };
        command.SetAction((parse, cancellation) =>
        {
            var experiment = ExperimentProfile.Resolve(parse.GetValue(profile));
            var selected = Experiments.Sweeps.SweepShard.Parse(parse.GetValue(shard)!);
            var trainingSeeds = parse.GetValue(seeds)!;
            if (trainingSeeds.Length == 0 || trainingSeeds.Distinct().Count() != trainingSeeds.Length)
                throw new ArgumentException($"--seeds needs distinct seeds, got '{string.Join(" ", trainingSeeds)}'.");
            var names = parse.GetValue(networks) is { Length: > 0 } given
                ? [.. given]
                : experiment.Pipeline.Networks;
            var pairs = (experiment.Pipeline with { Networks = names }).ModelsAndDatasets();
            var jobs = pairs.SelectMany(n => trainingSeeds.Select(s => (n.Model, n.Dataset, Seed: s)))
                .Where((_, i) => i % selected.Count == selected.Index)
                .ToList();
            var cache = ResultCache.Default;
            var context = new ExperimentContext(cache, ComputeDevice.Parse(parse.GetValue(device)!))
            {
                TrainingThreads = experiment.Training.Threads,
                Cancellation = cancellation,
            };
            Console.WriteLine($"profile {experiment.Name}: {jobs.Count} job(s) of shard {selected}; records in " +
                              PipelineSeedRecords.FolderFor(cache, experiment.Name));
            foreach (var (index, (model, dataset, seed)) in jobs.Index())
            {
                string name = $"{ModelSetups.DisplayName(model)} / {dataset}, seed {seed}";
                var clock = System.Diagnostics.Stopwatch.StartNew();
                Console.WriteLine($"[{index + 1}/{jobs.Count}] {name}");
                using var splits = DatasetRegistry.Load(dataset, ModelSetups.DataFor(model, experiment),
                    parse.GetValue(data));
                var options = new PipelineOptions { TrainingSeed = seed };
                using var result = PipelineRecipes.Run(model, dataset, splits, experiment, context, options,
                    new SynchronousProgress<string>(s => Console.WriteLine($"  {s}")));
                string path = PipelineSeedRecords.Save(cache,
                    PipelineSeedRecord.Of(result, experiment.Name, seed));
                Console.WriteLine($"  pipeline {result[PipelineMethods.Pipeline].Mean:P2} of clean " +
                                  $"{result.CleanAccuracy:P2} at σ = {result.Sigma}; {clock.Elapsed.TotalMinutes:F1} " +
                                  $"min; record: {path}");
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
