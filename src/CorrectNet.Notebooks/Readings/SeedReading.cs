using CorrectNet.Experiments.Profiles;
using CorrectNet.Experiments.Results;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The reading of notebook 07's seed table (docs/method.md F37 "Seeds"), computed from the records: per network, how
/// many training seeds there are, C3 and the pipeline's rank on the seed means, and what is missing.
/// </summary>
public static class SeedReading
{
    /// <summary>Seeds the issue's headline asks for: a table of fewer says how to add the rest.</summary>
    public const int SeedsWanted = 3;

    public static IReadOnlyList<string> Lines(PipelineSeedSummary summary, IReadOnlyList<PipelineSeedRecord> records,
        string profile)
    {
        if (summary.Rows.Count == 0) return ["No seed records yet."];
        var lines = new List<string>();
        foreach (var (model, dataset) in summary.Networks)
        {
            var pipeline = summary[model, dataset, PipelineMethods.Pipeline];
            var clean = summary[model, dataset, PipelineSeedSummary.Clean];
            string network = $"{ModelSetups.DisplayName(model)} / {dataset}";
            string seeds = string.Join(", ", pipeline.TrainingSeeds);
            double ratio = summary.RecoveryRatio(model, dataset);
            var ahead = summary.AheadOfPipeline(model, dataset);
            string rank = ahead.Count == 0
                ? "at least every baseline's"
                : "below " + string.Join(", ", ahead.Select(a => $"{a.Method} (by {PointsApart(a.Ahead)})"));
            lines.Add($"{network} at {Sigma(pipeline.Sigma)}, {pipeline.TrainingSeeds.Count} training seed(s) " +
                      $"({seeds}): the pipeline's seed mean {Percent(pipeline.Mean)} (seeds " +
                      $"{Percent(pipeline.Min)}–{Percent(pipeline.Max)}) of the clean {Percent(clean.Mean)} = " +
                      $"{Percent(ratio)} ({(ratio > 0.95 ? "meets" : "misses")} C3's 95%), {rank}.");
            if (pipeline.TrainingSeeds.Count < SeedsWanted)
            {
                int count = pipeline.TrainingSeeds.Count;
                var missing = Enumerable.Range(1, SeedsWanted + count)
                    .Select(s => (long)s).Except(pipeline.TrainingSeeds).Take(SeedsWanted - count);
                lines.Add($"  Fewer than {SeedsWanted} seeds: `./correctnet pipeline --profile {profile} --networks " +
                          $"{model}/{dataset} --seeds {string.Join(" ", missing)}` adds them (resumable; " +
                          "`--shard i/n` splits the jobs over machines).");
            }
            var commits = records.Where(r => r.Model == model && r.Dataset == dataset)
                .Select(r => r.Commit ?? "unknown").Distinct().ToList();
            if (commits.Count > 1)
                lines.Add($"  The seeds ran on different commits ({string.Join(", ", commits)}): rerun the older " +
                          "ones so the table compares trainings, not code.");
        }
        return lines;
    }
}
