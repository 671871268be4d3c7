namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// How a Monte-Carlo evaluation runs (docs/method.md F35–F36): chips <see cref="FirstChip"/> … FirstChip + Chips − 1
/// of <see cref="Seed"/>, on the first <see cref="MaxTest"/> test images (null = all loaded), with DAC/ADC ranges
/// calibrated on the first <see cref="CalibrationImages"/> training images.
/// </summary>
public sealed record MonteCarloRun(
    int Chips,
    long Seed = 1,
    long FirstChip = 0,
    int? MaxTest = null,
    int CalibrationImages = MonteCarloRun.DefaultCalibrationImages,
    int BatchSize = MonteCarloRun.DefaultBatchSize)
{
    public const int DefaultCalibrationImages = 256;
    public const int DefaultBatchSize = 500;

    /// <summary>Per-chip BatchNorm re-estimation (docs/method.md F36a) on the first N training images, after each
    /// chip is programmed; null = the trained statistics on every chip.</summary>
    public int? BatchNormImages { get; init; }

    /// <summary>A float-mode curve under a profile: <see cref="MonteCarloBudget.FloatChips"/> chips on
    /// <see cref="MonteCarloBudget.FloatMaxTest"/> images.</summary>
    public static MonteCarloRun Float(ExperimentProfile profile, long seed = 1) =>
        new(profile.MonteCarlo.FloatChips, seed, MaxTest: profile.MonteCarlo.FloatMaxTest,
            CalibrationImages: profile.MonteCarlo.CalibrationImages);

    /// <summary>A crossbar-mode (ADC) curve under a profile: <see cref="MonteCarloBudget.CrossbarChips"/> chips on
    /// <see cref="MonteCarloBudget.CrossbarMaxTest"/> images.</summary>
    public static MonteCarloRun Crossbar(ExperimentProfile profile, long seed = 1) =>
        new(profile.MonteCarlo.CrossbarChips, seed, MaxTest: profile.MonteCarlo.CrossbarMaxTest,
            CalibrationImages: profile.MonteCarlo.CalibrationImages);

    public MonteCarloRun Validate()
    {
        if (Chips < 1) throw new ArgumentOutOfRangeException(nameof(Chips), Chips, "At least one chip.");
        if (FirstChip < 0) throw new ArgumentOutOfRangeException(nameof(FirstChip), FirstChip,
            "Chip indices start at 0.");
        if (MaxTest is < 1) throw new ArgumentOutOfRangeException(nameof(MaxTest), MaxTest,
            "At least one test image (or null for all).");
        if (CalibrationImages < 1) throw new ArgumentOutOfRangeException(nameof(CalibrationImages), CalibrationImages,
            "At least one calibration image.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize,
            "At least one image per batch.");
        if (BatchNormImages is < 2) throw new ArgumentOutOfRangeException(nameof(BatchNormImages), BatchNormImages,
            "BatchNorm re-estimation needs at least 2 images (or null for none).");
        return this;
    }
}
