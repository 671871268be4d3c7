using System.Globalization;

namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// Formats <see cref="ExperimentProfile.Description"/> from a profile's values, so the text cannot drift from the
/// settings: training images and epochs (VGG's width, epochs and learning rate), the σ grid, chips and test images of
/// the float and crossbar-mode curves, of the placement searches (and how they score) and of the pipeline with their
/// networks, and any per-network cap on σ. Numbers
/// are written in the invariant culture; a σ grid of four or more evenly spaced values is written as a range.
/// </summary>
internal static class ExperimentProfileDescription
{
    public static string Of(ExperimentProfile profile)
    {
        var clauses = new List<string>
        {
            Training(profile),
            $"sweeps: {SigmaGrid(profile.MonteCarlo.Sigmas)}, {Run(profile, profile.MonteCarlo.FloatChips,
                profile.MonteCarlo.FloatMaxTest)}",
            $"crossbar mode: {Run(profile, profile.MonteCarlo.CrossbarChips,
                profile.MonteCarlo.CrossbarMaxTest)} for " +
            List(profile.MonteCarlo.CrossbarModels.Select(ModelSetups.DisplayName)),
            $"placement searches: {Run(profile, profile.Placement.SearchEvaluationChips,
                profile.Placement.SearchEvaluationImages)} per placement, {Scoring(profile.Placement.Scoring)}",
            $"pipeline: {Run(profile, profile.Pipeline.Chips,
                profile.Pipeline.MaxTest)} for {PipelineNetworks(profile)}",
        };
        string? caps = SigmaCaps(profile);
        if (caps is not null) clauses.Add(caps);
        string settings = string.Join("; ", clauses);
        return string.IsNullOrWhiteSpace(profile.Purpose) ? settings : $"{profile.Purpose.Trim()}: {settings}";
    }

    private static string Training(ExperimentProfile profile)
    {
        var p = profile.Training;
        string images = p.MaxTrain is null && p.MaxTest is null
            ? "all training and test images"
            : $"{Subset(p.MaxTrain)} training and {Subset(p.MaxTest)} test images";
        string vgg = p.VggWidth == 1.0 ? "full-width VGG" : $"VGG ×{Number(p.VggWidth)}";
        if (p.VggEpochs is int epochs && epochs != p.Epochs) vgg += $" for {Count(epochs, "epoch")}";
        if (p.VggLearningRate is double rate) vgg += $" at learning rate {Number(rate)}";
        return $"{images}, {Count(p.Epochs, "epoch")}, {vgg}{FineTuning(p)}";
    }

    /// <summary>", variation-aware methods fine-tuned for N epochs (VGG M)", or nothing when they train from
    /// scratch.</summary>
    private static string FineTuning(TrainingBudget p)
    {
        if (p.FineTuneEpochs is null && p.VggFineTuneEpochs is null) return "";
        string Of(int? epochs) => epochs is int n ? Count(n, "epoch") : "none (from scratch)";
        return p.FineTuneEpochs == p.VggFineTuneEpochs
            ? $", variation-aware methods fine-tuned: {Of(p.FineTuneEpochs)}"
            : $", variation-aware methods fine-tuned: {Of(p.FineTuneEpochs)}, VGG {Of(p.VggFineTuneEpochs)}";
    }

    /// <summary>"N chips on M test images": M is the smaller of the run's own limit and the images the profile
    /// loads.</summary>
    private static string Run(ExperimentProfile p, int chips, int? maxTest)
    {
        int? images = (maxTest, p.Training.MaxTest) switch
        {
            (int own, int loaded) => Math.Min(own, loaded),
            (int own, null) => own,
            (null, var loaded) => loaded,
        };
        return $"{Count(chips, "chip")} on {(images is int n ? Count(n, "test image") : "all test images")}";
    }

    private static string Scoring(Placement.PlacementScoring scoring) => scoring switch
    {
        Placement.PlacementScoring.WeightSharing => "scored by weight sharing",
        _ => "each trained",
    };

    /// <summary>"σ = 0…1 in steps of 0.1" for an even grid of at least four values, else "σ ∈ {0, 0.5, 1}".</summary>
    private static string SigmaGrid(IReadOnlyList<double> sigmas)
    {
        if (sigmas.Count >= 4)
        {
            double step = (sigmas[^1] - sigmas[0]) / (sigmas.Count - 1);
            bool even = step > 0 && Enumerable.Range(1, sigmas.Count - 1)
                .All(i => Math.Abs(sigmas[i] - sigmas[i - 1] - step) <= 1e-9 * Math.Max(1.0, step));
            if (even) return $"σ = {Number(sigmas[0])}…{Number(sigmas[^1])} in steps of {Number(step)}";
        }
        return $"σ ∈ {{{string.Join(", ", sigmas.Select(Number))}}}";
    }

    /// <summary>The pipeline's networks grouped by data set, in order: "LeNet-5 and VGG-16 on fashion-mnist,
    /// …".</summary>
    private static string PipelineNetworks(ExperimentProfile p)
    {
        var byDataset = new List<(string Dataset, List<string> Models)>();
        foreach (var (name, dataset) in p.Pipeline.ModelsAndDatasets())
        {
            string model = ModelSetups.DisplayName(name);
            var group = byDataset.FirstOrDefault(g => g.Dataset == dataset);
            if (group.Models is null) byDataset.Add((dataset, [model]));
            else group.Models.Add(model);
        }
        return string.Join(", ", byDataset.Select(g => $"{List(g.Models)} on {g.Dataset}"));
    }

    /// <summary>"methods compared up to σ = 0.7 for VGG-11 and VGG-16" for the entries of
    /// <see cref="MonteCarloBudget.HighestSigmaByModel"/> below the grid's top; null when there are none.</summary>
    private static string? SigmaCaps(ExperimentProfile p)
    {
        double top = p.MonteCarlo.Sigmas.Max();
        var caps = p.MonteCarlo.HighestSigmaByModel
            .Where(e => e.Value < top)
            .GroupBy(e => e.Value)
            .OrderBy(g => g.Key)
            .Select(g => $"up to σ = {Number(g.Key)} for " +
                List(g.Select(e => e.Key).Order(StringComparer.Ordinal).Select(ModelSetups.DisplayName)))
            .ToList();
        return caps.Count == 0 ? null : $"methods compared {string.Join(", ", caps)}";
    }

    private static string Subset(int? first) =>
        first is int n ? $"the first {n.ToString(CultureInfo.InvariantCulture)}" : "all";

    private static string Count(int n, string noun) =>
        $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>"A", "A and B", "A, B and C".</summary>
    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count switch
        {
            0 => "no network",
            1 => all[0],
            _ => $"{string.Join(", ", all.Take(all.Count - 1))} and {all[^1]}",
        };
    }
}
