using CorrectNet.Evaluation;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// One method of one network over training seeds: the mean over seeds of each seed's mean accuracy on the shared
/// unseen chips, the sample standard deviation across seeds, the lowest and highest seed (fractions). "clean" is the
/// plain model's digital accuracy.
/// </summary>
public sealed record PipelineSeedRow(
    string Model,
    string Dataset,
    double Sigma,
    string Method,
    IReadOnlyList<long> TrainingSeeds,
    double Mean,
    double Std,
    double Min,
    double Max);

/// <summary>
/// The pipeline's table over training seeds (docs/method.md F37 "Seeds"): per network, every method's seed mean and
/// spread, and the claims judged on seed means. Every seed of a network must share its σ and unseen chips; the
/// records say so or the summary refuses them.
/// </summary>
public sealed record PipelineSeedSummary(IReadOnlyList<PipelineSeedRow> Rows)
{
    public const string Clean = "clean";

    /// <summary>The summary of <paramref name="records"/> (any order; one per network and seed).</summary>
    /// <exception cref="InvalidDataException">Two records of one network and seed, or seeds of one network on
    /// different σ or chips; the message names them.</exception>
    public static PipelineSeedSummary Of(IEnumerable<PipelineSeedRecord> records)
    {
        var rows = new List<PipelineSeedRow>();
        foreach (var network in records.GroupBy(r => (r.Model, r.Dataset)).OrderBy(g => g.Key.Model,
            StringComparer.Ordinal).ThenBy(g => g.Key.Dataset, StringComparer.Ordinal))
        {
            var seeds = network.OrderBy(r => r.TrainingSeed).ToList();
            string name = $"{network.Key.Model} / {network.Key.Dataset}";
            if (seeds.Select(r => r.TrainingSeed).Distinct().Count() != seeds.Count)
                throw new InvalidDataException($"{name}: two records of one training seed.");
            var first = seeds[0];
            foreach (var other in seeds.Skip(1))
            {
                if (other.Sigma != first.Sigma || !SameChips(first, other))
                    throw new InvalidDataException($"{name}: seed {other.TrainingSeed} ran at σ = {other.Sigma} on " +
                        $"other chips than seed {first.TrainingSeed} (σ = {first.Sigma}); seeds must share σ and " +
                        "chips (rerun one of them with this kit).");
            }
            long[] trainingSeeds = [.. seeds.Select(r => r.TrainingSeed)];
            PipelineSeedRow Row(string method, IReadOnlyList<double> values) => new(network.Key.Model,
                network.Key.Dataset, first.Sigma, method, trainingSeeds, values.Average(),
                Statistics.StandardDeviation(values), values.Min(), values.Max());
            rows.Add(Row(Clean, [.. seeds.Select(r => r.CleanAccuracy)]));
            foreach (var method in first.Methods)
                rows.Add(Row(method.Method, [.. seeds.Select(r => r.MeanOf(method.Method))]));
        }
        return new PipelineSeedSummary(rows);
    }

    /// <summary>The row of <paramref name="method"/> for <paramref name="model"/> on <paramref name="dataset"/>.
    /// </summary>
    public PipelineSeedRow this[string model, string dataset, string method] =>
        Rows.FirstOrDefault(r => r.Model == model && r.Dataset == dataset && r.Method == method)
        ?? throw new ArgumentException($"No row for {model} / {dataset}, {method}.", nameof(method));

    /// <summary>The networks, as (model, data set), in the rows' order.</summary>
    public IReadOnlyList<(string Model, string Dataset)> Networks =>
        [.. Rows.Select(r => (r.Model, r.Dataset)).Distinct()];

    /// <summary>C3 on seed means: the pipeline's seed mean over the clean seed mean.</summary>
    public double RecoveryRatio(string model, string dataset) =>
        this[model, dataset, PipelineMethods.Pipeline].Mean / this[model, dataset, Clean].Mean;

    /// <summary>The baselines whose seed mean is above the pipeline's (fractions ahead, most first); empty when the
    /// pipeline is at least every baseline's.</summary>
    public IReadOnlyList<(string Method, double Ahead)> AheadOfPipeline(string model, string dataset)
    {
        double pipeline = this[model, dataset, PipelineMethods.Pipeline].Mean;
        return [.. Rows.Where(r => r.Model == model && r.Dataset == dataset && r.Method != Clean
                && r.Method != PipelineMethods.Pipeline && r.Mean > pipeline)
            .Select(r => (r.Method, r.Mean - pipeline))
            .OrderByDescending(x => x.Item2)];
    }

    private static bool SameChips(PipelineSeedRecord a, PipelineSeedRecord b) =>
        a.Methods.Count == b.Methods.Count && a.Methods.Zip(b.Methods).All(p => p.First.Method == p.Second.Method
            && p.First.ChipSeed == p.Second.ChipSeed && p.First.Chips.Count == p.Second.Chips.Count);
}
