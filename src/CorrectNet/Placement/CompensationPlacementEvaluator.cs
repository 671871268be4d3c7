using System.Diagnostics;
using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Placement;

/// <summary>
/// The real evaluation of a placement (docs/method.md F31): insert identity-initialized units, train them for the fixed
/// budget of <see cref="Training"/> on training chips (seed <see cref="CompensationTrainingConfig.ChipSeed"/>), then
/// measure the Monte-Carlo mean accuracy on evaluation chips 0 … <see cref="Chips"/> − 1 of <see cref="Seed"/>, which
/// training never saw. The base model is shared and left as it was; each placement's units are discarded afterwards.
/// Pass <see cref="Evaluate"/> to a <see cref="PlacementEnvironment"/>.
/// </summary>
public sealed class CompensationPlacementEvaluator
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly IReadOnlyList<LayerProfile> _profiles;
    private readonly ImageDataset _train, _test;
    private readonly Tensor? _calibration;
    private readonly Device? _device;
    private double? _clean;

    /// <param name="model">The trained base model.</param>
    /// <param name="config">The hardware (σ, mapping).</param>
    /// <param name="layers">The analog layers in forward order (the placement's entries).</param>
    /// <param name="train">Images the units train on.</param>
    /// <param name="test">Images the accuracy is measured on.</param>
    /// <param name="training">Compensation training; its ChipSeed must differ from <paramref name="seed"/>.</param>
    /// <param name="chips">Evaluation chips.</param>
    /// <param name="seed">Seed of the evaluation chips.</param>
    /// <param name="calibrationImages">Calibration batch when the configuration quantizes inputs or uses ADCs (owned by
    /// the caller).</param>
    /// <param name="device">Where the model lives.</param>
    public CompensationPlacementEvaluator(
        nn.Module<Tensor, Tensor> model,
        CrossbarConfig config,
        IReadOnlyList<string> layers,
        ImageDataset train,
        ImageDataset test,
        CompensationTrainingConfig training,
        int chips,
        long seed,
        Tensor? calibrationImages = null,
        Device? device = null)
    {
        CheckEvaluationChips(chips, training, seed);
        _model = model;
        Config = config;
        Layers = layers;
        _train = train;
        _test = test;
        Training = training.Validate();
        Chips = chips;
        Seed = seed;
        _calibration = calibrationImages;
        _device = device;
        _profiles = LayerProfiler.Profile(model, InputShape);
    }

    public CrossbarConfig Config { get; }
    public IReadOnlyList<string> Layers { get; }
    public CompensationTrainingConfig Training { get; }
    public int Chips { get; }
    public long Seed { get; }
    private long[] InputShape => _test.Images.shape[1..];

    /// <summary>Accuracy of the digital base model on the test images.</summary>
    public double CleanAccuracy => _clean ??= ClassificationAccuracy.Evaluate(_model, _test, _device);

    /// <summary>The units of <paramref name="placement"/> (entries with width &gt; 0).</summary>
    public IReadOnlyList<CompensationSpec> UnitsOf(UnitPlacement placement)
    {
        if (placement.Layers != Layers.Count)
            throw new ArgumentException($"A placement of {Layers.Count} layers expected.", nameof(placement));
        return [.. Layers.Select((name, l) => (name, l))
            .Where(x => placement.Has(x.l))
            .Select(x => new CompensationSpec(x.name, placement.Widths[x.l]))];
    }

    /// <summary>Trains the placement's units and runs Monte-Carlo on the evaluation chips.</summary>
    public PlacementOutcome Evaluate(UnitPlacement placement)
    {
        var clock = Stopwatch.StartNew();
        var units = UnitsOf(placement);
        var cost = CompensationCost.Of(_profiles, units);
        var compensated = new CompensatedModel(_model, units, InputShape, Training.Seed);
        try
        {
            using var analog = AnalogConversion.ToAnalog(compensated, Config, InputShape, _calibration);
            CompensationTrainer.Train(compensated, analog, _train, Training, _device);
            var result = MonteCarloEvaluator.Evaluate(analog, _test, Chips, Seed, device: _device);
            return new PlacementOutcome(result.Mean, CleanAccuracy, cost.ParametersPercent / 100,
                cost.MacsPercent / 100, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            compensated.DisposeUnits();
        }
    }

    /// <summary>
    /// At least one evaluation chip, and none drawn from the seed the units train on (shared by every placement
    /// evaluator, so no evaluator reports accuracy on chips its units have seen).
    /// </summary>
    internal static void CheckEvaluationChips(int chips, CompensationTrainingConfig training, long seed)
    {
        if (chips < 1) throw new ArgumentOutOfRangeException(nameof(chips), chips, "At least one chip.");
        if (training.ChipSeed == seed)
            throw new ArgumentException(
                $"Training chips (seed {training.ChipSeed}) must not be the evaluation chips (seed {seed}).",
                nameof(training));
    }
}
