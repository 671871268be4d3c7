using CorrectNet.Experiments.Profiles;
using CorrectNet.Placement;
using CorrectNet.Quantization;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// The knobs of the CorrectNet+ pipeline (docs/method.md F37): the σ everything is evaluated at (null = the network's
/// highest σ under the profile, <see cref="MonteCarloBudget.HighestSigmaFor"/>), the σ the enhanced target λ(σ) and
/// variation-aware training are designed for, β of the Lipschitz penalty
/// (null = <see cref="TrainingBudget.SuppressionBetaFor"/> of the network), the ADC noise of the hardware (LSB), the
/// quantization search's
/// allowed drop δ (absolute fraction) and search, the placement reward's α and overhead measure, the placement search
/// ("rl" = the REINFORCE agent, or any other <see cref="CompensationRecipes.Place"/> method), the crossbar rows R, and
/// the
/// chip seeds: <see cref="PlacementSeed"/> for the placement's evaluation chips (its units train on
/// seed + 1 000 003) and <see cref="UnseenSeed"/> for the final evaluation of every method, which no stage sees.
/// </summary>
public sealed record PipelineOptions
{
    public double? EvaluationSigma { get; init; }
    public double DesignSigma { get; init; } = 0.5;
    /// <summary>Seed of every training of the comparison (weights, shuffling;
    /// <see cref="Training.TrainingConfig.Seed"/>): a repetition of the whole pipeline with its own models and units
    /// on the same chips (docs/method.md F37, "Seeds").</summary>
    public long TrainingSeed { get; init; } = 1;
    /// <summary>
    /// The trainings stage 1 chooses from (<see cref="SuppressionMethods"/> names, each at β and the design σ): the
    /// one with the highest accuracy on the validation chips at the evaluation σ wins (docs/method.md F37, stage 1).
    /// Default: the paper's enhanced penalty, alone and with training on sampled chips.
    /// </summary>
    public IReadOnlyList<string> FirstStages { get; init; } =
        [SuppressionMethods.Enhanced, SuppressionMethods.EnhancedVariationAware];
    /// <summary>
    /// σ at which the quantization setting is searched (null = <see cref="DesignSigma"/>). Searching at the
    /// evaluation σ degenerates: where variation already costs most of the accuracy, every setting is "within δ" of the
    /// reference and the search keeps the smallest ADCs, which lose far more than δ on unseen chips (docs/method.md
    /// F37, stage 2, records the quick LeNet-5's case).
    /// </summary>
    public double? QuantizationSigma { get; init; }
    public double? Beta { get; init; }
    public double AdcNoiseLsb { get; init; } = 0.5;
    public double MaxDrop { get; init; } = 0.01;
    public string QuantizationSearch { get; init; } = GreedyBitReduction.Name;
    public double Alpha { get; init; } = 1.0;
    /// <summary>What the placement reward counts as overhead: the larger of parameter and MAC share, as notebook 04
    /// does, since claim C5 bounds both: a unit on a wide linear layer is cheap in MACs but not in parameters (F29;
    /// docs/method.md F31 gives LeNet-5's fc1).</summary>
    public OverheadMeasure Measure { get; init; } = OverheadMeasure.Max;
    public string Placement { get; init; } = PlacementSearchNames.Rl;
    /// <summary>
    /// Search the placement on the pipeline's own hardware (quantized, bit-sliced, ADC) rather than on the lognormal
    /// variation
    /// model alone at the same σ; the units train on the hardware either way. Off by default: every placement the
    /// search
    /// asks for trains units, and one step through VGG-16's bit-sliced crossbars costs several steps of the variation
    /// model.
    /// </summary>
    public bool PlacementOnHardware { get; init; }
    /// <summary>Episodes of the RL agent; null = <see cref="PipelineBudget.PlacementEpisodes"/>.</summary>
    public int? PlacementEpisodes { get; init; }
    /// <summary>
    /// The pipeline's units trained over a range of σ (docs/method.md F28a): training chips from
    /// UnitLowestSigmaScale · σ up to the evaluation σ (<see cref="Compensation.CompensationTrainingConfig
    /// .LowestSigmaScale"/>). Null: at the evaluation σ only. The placement search is unchanged.
    /// </summary>
    public double? UnitLowestSigmaScale { get; init; }
    /// <summary>
    /// Per-chip BatchNorm re-estimation (docs/method.md F36a) as a stage of the pipeline: every chip the pipeline's
    /// own model meets (stage 1's validation, the quantization study, the units' training, the suppression, suppression
    /// + quantization and pipeline rows and curves) has its BatchNorm statistics re-estimated after programming, on the
    /// profile's calibration images. The baselines (plain, variation-aware, compensation alone) keep their trained
    /// statistics; notebook 07's section 6 shows every method both ways. No effect on a network without BatchNorm.
    /// On by default: it is what lets stage 1 and the whole pipeline hold at VGG-16's σ (docs/method.md F36a).
    /// </summary>
    public bool BatchNormRecalibration { get; init; } = true;
    public int Rows { get; init; } = 128;
    /// <summary>Seed of the quantization search's chips; its unseen report uses seed + 1, the re-check of its choice
    /// seed + 10.</summary>
    public long QuantizationSeed { get; init; } = 1;
    public long PlacementSeed { get; init; } = 1;
    public long UnseenSeed { get; init; } = 3;
    /// <summary>σ values of the accuracy-vs-σ curves; null = the profile's <see cref="MonteCarloBudget.Sigmas"/>; empty
    /// = no curves.</summary>
    public IReadOnlyList<double>? Sigmas { get; init; }

    /// <summary>The evaluation σ of <paramref name="model"/> under <paramref name="profile"/>: <see
    /// cref="EvaluationSigma"/> or the network's highest σ.</summary>
    public double SigmaFor(ExperimentProfile profile,
        string model) => EvaluationSigma ?? profile.MonteCarlo.HighestSigmaFor(model);

    /// <summary>β under <paramref name="profile"/>.</summary>
    public double BetaFor(ExperimentProfile profile,
        string model) => Beta ?? profile.Training.SuppressionBetaFor(model);

    /// <summary>The σ grid of <paramref name="model"/>'s curves under <paramref name="profile"/>: <see cref="Sigmas"/>,
    /// or the profile's grid up to the evaluation σ.</summary>
    public IReadOnlyList<double> SigmasFor(ExperimentProfile profile,
        string model) => Sigmas ?? profile.MonteCarlo.SigmasUpTo(SigmaFor(profile, model));

    /// <summary>Training images of the per-chip BatchNorm re-estimation of the pipeline's chips under
    /// <paramref name="profile"/>; null without <see cref="BatchNormRecalibration"/>.</summary>
    public int? BatchNormImagesFor(ExperimentProfile profile) =>
        BatchNormRecalibration ? profile.MonteCarlo.CalibrationImages : null;

    /// <summary>The quantization study's options: hardware at <paramref name="sigma"/> (default: the search σ), this
    /// ADC noise, δ, search, seeds and BatchNorm re-estimation.</summary>
    public QuantizationOptions QuantizationFor(ExperimentProfile profile, double? sigma = null) => new()
    {
        Sigma = sigma ?? QuantizationSigma ?? DesignSigma,
        AdcNoiseLsb = AdcNoiseLsb,
        MaxDrop = MaxDrop,
        Search = QuantizationSearch,
        Rows = Rows,
        SearchSeed = QuantizationSeed,
        UnseenSeed = QuantizationSeed + 1,
        ValidationSeed = QuantizationSeed + 10,
        BatchNormImages = BatchNormImagesFor(profile),
    };

    public PipelineOptions Validate()
    {
        if (EvaluationSigma is { } s && !(s > 0)) throw new ArgumentOutOfRangeException(nameof(EvaluationSigma), s,
            "The evaluation σ must be > 0.");
        if (QuantizationSigma is { } q && !(q >= 0)) throw new ArgumentOutOfRangeException(nameof(QuantizationSigma),
            q, "The search σ must be ≥ 0.");
        if (PlacementEpisodes is < 1) throw new ArgumentOutOfRangeException(nameof(PlacementEpisodes),
            PlacementEpisodes, "At least one episode.");
        if (!(DesignSigma >= 0)) throw new ArgumentOutOfRangeException(nameof(DesignSigma), DesignSigma,
            "The design σ must be ≥ 0.");
        if (FirstStages.Count == 0) throw new ArgumentException("Stage 1 needs at least one training.",
            nameof(FirstStages));
        foreach (string method in FirstStages)
        {
            if (!SuppressionMethods.All.Contains(method))
                throw new ArgumentException($"Unknown first stage '{method}'; known: {string.Join(", ",
                    SuppressionMethods.All)}.", nameof(FirstStages));
        }
        if (FirstStages.Distinct().Count() != FirstStages.Count)
            throw new ArgumentException($"A first stage is named twice: {string.Join(", ", FirstStages)}.",
                nameof(FirstStages));
        if (Beta is { } b && !(b >= 0)) throw new ArgumentOutOfRangeException(nameof(Beta), b, "β must be ≥ 0.");
        if (!(Alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "α must be ≥ 0.");
        // Exact spelling, no case folding: the pipeline picks its search out of the report by this name.
        if (!PlacementSearchRegistry.Names.Contains(Placement))
        {
            throw new ArgumentException(
                $"Unknown placement '{Placement}'; known: {string.Join(", ", PlacementSearchRegistry.Names)}.",
                nameof(Placement));
        }
        if (UnitLowestSigmaScale is { } lowest && !(lowest is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(UnitLowestSigmaScale), lowest,
                "UnitLowestSigmaScale must be in [0, 1] (a fraction of the evaluation σ).");
        if (Sigmas is not null && Sigmas.Any(x => !(x >= 0))) throw new ArgumentOutOfRangeException(nameof(Sigmas),
            "Every σ must be ≥ 0.");
        long[] seeds = [QuantizationSeed, QuantizationSeed + 1, QuantizationSeed + 10, PlacementSeed,
            Compensation.CompensationTrainingConfig.ChipSeedFor(PlacementSeed)];
        if (seeds.Contains(UnseenSeed))
            throw new ArgumentException($"UnseenSeed {UnseenSeed} is a chip seed some stage sees ({string.Join(", ",
                seeds)}): the final chips must be unseen.", nameof(UnseenSeed));
        QuantizationFor(ExperimentProfile.Quick, 1).Validate();
        return this;
    }
}
