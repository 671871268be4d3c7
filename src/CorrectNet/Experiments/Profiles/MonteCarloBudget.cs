namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// The Monte-Carlo evaluations of the accuracy curves (docs/method.md F35–F36): the σ grid, chips and test images in
/// float mode (the paper's lognormal model) and in crossbar mode (quantized weights, tiles, ADC), the
/// error-amplification probe (F26), and the calibration images of crossbar mode.
/// </summary>
public sealed record MonteCarloBudget
{
    /// <summary>The lognormal σ values of the accuracy curves (docs/method.md F8).</summary>
    public IReadOnlyList<double> Sigmas { get; init; } = [0, 0.5, 1.0];

    /// <summary>
    /// The highest σ at which a network's methods are compared (pipeline, placement on unseen chips), by zoo name (any
    /// case), where it is below the highest of <see cref="Sigmas"/>: a network at chance there under every method
    /// measured stops at the highest σ where it is not. The key is the model alone, for the profile's data sets.
    /// Empty = every network goes up to the highest σ of <see cref="Sigmas"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> HighestSigmaByModel { get; init; } = new Dictionary<string, double>();

    /// <summary>Monte-Carlo chips per point of a float-mode curve (several σ or settings per figure).</summary>
    public int FloatChips { get; init; } = 5;

    /// <summary>Test images of a float-mode curve: the first N; null = all the profile loads.</summary>
    public int? FloatMaxTest { get; init; }

    /// <summary>Chips per point of a crossbar-mode curve. A crossbar chip costs more than a float one: every column
    /// partial sum of every tile, slice, polarity and input cycle is formed and digitized (docs/method.md F20 counts
    /// them; <c>correctnet bench</c> times the ratio).</summary>
    public int CrossbarChips { get; init; } = 2;

    /// <summary>Test images of a crossbar-mode curve: the first N; null = all the profile loads.</summary>
    public int? CrossbarMaxTest { get; init; }

    /// <summary>The networks that crossbar-mode curves cover (zoo names).</summary>
    public IReadOnlyList<string> CrossbarModels { get; init; } = ["lenet5", "vgg16"];

    /// <summary>Test images in the fixed batch of the error-amplification probe (docs/method.md F26).</summary>
    public int ProbeImages { get; init; } = 64;

    /// <summary>Chips the error-amplification probe averages over.</summary>
    public int ProbeChips { get; init; } = 2;

    /// <summary>Training images (the first N) that calibrate DAC and ADC ranges in crossbar mode.</summary>
    public int CalibrationImages { get; init; } = 256;

    /// <summary>The highest σ of <paramref name="model"/>: its entry in <see cref="HighestSigmaByModel"/> if lower,
    /// else the highest of <see cref="Sigmas"/>.</summary>
    public double HighestSigmaFor(string model)
    {
        var entry = HighestSigmaByModel.FirstOrDefault(
            e => string.Equals(e.Key, model.Trim(), StringComparison.OrdinalIgnoreCase));
        return entry.Key is null ? Sigmas.Max() : Math.Min(entry.Value, Sigmas.Max());
    }

    /// <summary>The σ values of <see cref="Sigmas"/> up to <see cref="HighestSigmaFor"/> of
    /// <paramref name="model"/>.</summary>
    public IReadOnlyList<double> SigmasFor(string model) => SigmasUpTo(HighestSigmaFor(model));

    /// <summary>The σ values of <see cref="Sigmas"/> at or below <paramref name="highest"/>.</summary>
    public IReadOnlyList<double> SigmasUpTo(double highest) => [.. Sigmas.Where(s => s <= highest)];

    /// <exception cref="ArgumentException">A setting out of range; the message names it and its value.</exception>
    public MonteCarloBudget Validate()
    {
        BudgetCheck.NotEmpty("MonteCarlo.Sigmas", Sigmas);
        foreach (double sigma in Sigmas) BudgetCheck.NotNegative("MonteCarlo.Sigmas", sigma);
        BudgetCheck.NotNegative("MonteCarlo.HighestSigmaByModel", HighestSigmaByModel);
        BudgetCheck.AtLeast("MonteCarlo.FloatChips", FloatChips, 1);
        BudgetCheck.Limit("MonteCarlo.FloatMaxTest", FloatMaxTest);
        BudgetCheck.AtLeast("MonteCarlo.CrossbarChips", CrossbarChips, 1);
        BudgetCheck.Limit("MonteCarlo.CrossbarMaxTest", CrossbarMaxTest);
        BudgetCheck.AtLeast("MonteCarlo.ProbeImages", ProbeImages, 1);
        BudgetCheck.AtLeast("MonteCarlo.ProbeChips", ProbeChips, 1);
        BudgetCheck.AtLeast("MonteCarlo.CalibrationImages", CalibrationImages, 1);
        return this;
    }
}
