using CorrectNet.Crossbar;
using CorrectNet.Quantization;

namespace CorrectNet.Experiments.Recipes;

/// <summary>
/// The knobs of a quantization study (docs/method.md F33–F34): lognormal σ and ADC noise (LSB) of the hardware, the
/// allowed accuracy drop δ (absolute fraction; 0.01 = one point), the search ("greedy" or "evolutionary"), crossbar
/// rows
/// R, the seeds of the search chips (SearchSeed), of the unseen chips the result is reported on (UnseenSeed) and of the
/// validation chips that re-check the search's choice (ValidationSeed, F33b), all different, optional
/// quantization-aware fine-tuning epochs of the chosen setting (0 = none), the ADC energy model and the search space.
/// </summary>
public sealed record QuantizationOptions
{
    public double Sigma { get; init; } = 0.5;
    public double AdcNoiseLsb { get; init; }
    public double MaxDrop { get; init; } = 0.01;
    public string Search { get; init; } = GreedyBitReduction.Name;
    public int Rows { get; init; } = 128;
    public long SearchSeed { get; init; } = 1;
    public long UnseenSeed { get; init; } = 2;
    /// <summary>Seed of the chips that re-check the search's choice (F33b); differs from both other seeds.</summary>
    public long ValidationSeed { get; init; } = 3;
    public int FineTuneEpochs { get; init; }
    public AdcEnergyModel Energy { get; init; } = new();
    public QuantizationSpace Space { get; init; } = QuantizationSpace.Default;
    /// <summary>
    /// Share of δ the search may spend on its own chips [ours]: a setting is accepted there when it stays within
    /// SearchDropShare·δ of the reference; the rest of δ is kept for the chip-to-chip difference the unseen chips show.
    /// </summary>
    public double SearchDropShare { get; init; } = 0.5;
    /// <summary>Seed of the evolutionary search's own randomness.</summary>
    public long SearchRandomSeed { get; init; } = 1;
    /// <summary>Per-chip BatchNorm re-estimation (docs/method.md F36a) on the first N training images in every
    /// evaluation of the study; null = the trained statistics.</summary>
    public int? BatchNormImages { get; init; }

    public static IReadOnlyList<string> SearchNames { get; } = [GreedyBitReduction.Name, EvolutionarySearch.Name];

    public QuantizationOptions Validate()
    {
        if (!(Sigma >= 0)) throw new ArgumentOutOfRangeException(nameof(Sigma), Sigma, $"Sigma = {Sigma} must be ≥ 0.");
        if (!(AdcNoiseLsb >= 0)) throw new ArgumentOutOfRangeException(nameof(AdcNoiseLsb), AdcNoiseLsb,
            $"AdcNoiseLsb = {AdcNoiseLsb} must be ≥ 0.");
        if (!(MaxDrop is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(MaxDrop), MaxDrop,
            $"MaxDrop = {MaxDrop} must be in [0, 1] (0.01 = one point).");
        if (!(SearchDropShare is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(SearchDropShare),
            SearchDropShare, $"SearchDropShare = {SearchDropShare} must be in (0, 1].");
        if (!SearchNames.Contains(Search))
            throw new ArgumentException(
                $"Unknown search '{Search}'; known: {string.Join(", ", SearchNames)}.", nameof(Search));
        if (Rows < 1) throw new ArgumentOutOfRangeException(nameof(Rows), Rows, "At least one crossbar row.");
        if (UnseenSeed == SearchSeed)
            throw new ArgumentException(
                $"UnseenSeed must differ from SearchSeed ({SearchSeed}): the unseen chips must be other chips.",
                nameof(UnseenSeed));
        if (ValidationSeed == SearchSeed || ValidationSeed == UnseenSeed)
            throw new ArgumentException($"ValidationSeed ({ValidationSeed}) must differ from SearchSeed " +
                $"({SearchSeed}) and UnseenSeed ({UnseenSeed}).", nameof(ValidationSeed));
        if (BatchNormImages is < 2) throw new ArgumentOutOfRangeException(nameof(BatchNormImages),
            BatchNormImages, "BatchNorm re-estimation needs at least 2 images.");
        if (FineTuneEpochs < 0) throw new ArgumentOutOfRangeException(nameof(FineTuneEpochs), FineTuneEpochs,
            "Fine-tuning epochs must be ≥ 0.");
        Space.Validate();
        return this;
    }

    /// <summary>
    /// The hardware every setting runs on: lognormal σ, R-row tiles, ADC noise; the default layer mapping is the
    /// reference setting (F34), which each setting overrides per layer.
    /// </summary>
    public CrossbarConfig Hardware() => new()
    {
        Variation = DeviceVariation.Lognormal(Sigma),
        Hardware = new LayerHardware
        {
            WeightBits = 8,
            BitsPerCell = 2,
            Rows = Rows,
            InputBits = 8,
            AdcBits = LosslessAdc.Bits(2, Rows, 8),
            AdcNoiseLsb = AdcNoiseLsb,
        },
    };
}
