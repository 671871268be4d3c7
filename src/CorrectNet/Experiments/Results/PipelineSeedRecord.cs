using System.Text.Json.Serialization;

namespace CorrectNet.Experiments.Results;

/// <summary>One method of a <see cref="PipelineSeedRecord"/>: its hardware ("reference" or "chosen") and the accuracy
/// of every unseen chip (fractions) of chip seed <paramref name="ChipSeed"/>, chips 0 … N − 1.</summary>
public sealed record PipelineSeedMethod(string Method, string Hardware, long ChipSeed, IReadOnlyList<double> Chips)
{
    [JsonIgnore]
    public double Mean => Chips.Average();
}

/// <summary>
/// The headline of one pipeline run (<see cref="PipelineResult"/>) for one training seed, as plain numbers that a
/// file keeps: the table row of notebook 07 for that seed. Records of several seeds, from one machine or several,
/// make the seed table (<see cref="PipelineSeedSummary"/>, docs/method.md F37 "Seeds"). Accuracies are fractions,
/// overheads and savings in %.
/// </summary>
/// <param name="Model">Zoo name of the network.</param>
/// <param name="Dataset">Data set name.</param>
/// <param name="Profile">The experiment profile the run used.</param>
/// <param name="TrainingSeed">Seed of every training of the run (<see cref="Recipes.PipelineOptions.TrainingSeed"/>).
/// </param>
/// <param name="Sigma">The evaluation σ (the network's highest).</param>
/// <param name="CleanAccuracy">The plain model's digital accuracy on the evaluation images.</param>
/// <param name="FirstStage">The training stage 1 chose.</param>
/// <param name="Units">Layers of the pipeline's units, in forward order; empty = none.</param>
/// <param name="Methods">Every method of the comparison on the unseen chips (<see cref="PipelineMethods"/>).</param>
/// <param name="OverheadParametersPct">The units' parameters against the network's, in %; 0 without units.</param>
/// <param name="OverheadMacsPct">The units' MACs against the network's, in %; 0 without units.</param>
/// <param name="AdcReductionPct">The chosen setting's ADC energy below the lossless reference's, in %.</param>
/// <param name="AdcReductionVsUniformPct">The same below the cheapest uniform setting within δ; null = none found.
/// </param>
/// <param name="Version">The kit's version that wrote the record.</param>
/// <param name="Commit">The git commit the kit was built from; null when unknown. Seeds run on different commits
/// may differ in more than their training.</param>
public sealed record PipelineSeedRecord(
    string Model,
    string Dataset,
    string Profile,
    long TrainingSeed,
    double Sigma,
    double CleanAccuracy,
    string FirstStage,
    IReadOnlyList<string> Units,
    IReadOnlyList<PipelineSeedMethod> Methods,
    double OverheadParametersPct,
    double OverheadMacsPct,
    double AdcReductionPct,
    double? AdcReductionVsUniformPct,
    string Version,
    string? Commit)
{
    /// <summary>The record of <paramref name="result"/>, run under <paramref name="profile"/> with training seed
    /// <paramref name="trainingSeed"/>.</summary>
    public static PipelineSeedRecord Of(PipelineResult result, string profile, long trainingSeed) => new(
        result.Model,
        result.Dataset,
        profile,
        trainingSeed,
        result.Sigma,
        result.CleanAccuracy,
        result.FirstStage.Chosen.Method,
        result.Placed.Layers,
        [.. result.Methods.Select(m => new PipelineSeedMethod(m.Method, m.Hardware, m.Result.Seed,
            m.Result.ChipAccuracies))],
        result.Overhead?.ParametersPercent ?? 0,
        result.Overhead?.MacsPercent ?? 0,
        result.Quantization.AdcPowerReductionPct,
        result.Quantization.Uniform is null ? null : result.Quantization.AdcPowerReductionVsUniformPct,
        CorrectNetInfo.Version,
        CorrectNetInfo.GitCommit);

    /// <summary>The mean accuracy of <paramref name="method"/> (<see cref="PipelineMethods"/>).</summary>
    /// <exception cref="ArgumentException">The record has no such method.</exception>
    public double MeanOf(string method) =>
        Methods.FirstOrDefault(m => m.Method == method)?.Mean
        ?? throw new ArgumentException($"The record of {Model} seed {TrainingSeed} has no method '{method}'.",
            nameof(method));
}
