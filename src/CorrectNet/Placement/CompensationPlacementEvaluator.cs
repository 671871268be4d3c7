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
    private readonly PlacementScoringSetup _setup;
    private readonly IReadOnlyList<LayerProfile> _profiles;
    private double? _clean;

    /// <exception cref="ArgumentException">A setup <see cref="PlacementScoringSetup.Validate"/> refuses.</exception>
    public CompensationPlacementEvaluator(PlacementScoringSetup setup)
    {
        _setup = setup.Validate();
        _profiles = LayerProfiler.Profile(setup.Model, setup.InputShape);
    }

    public CrossbarConfig Config => _setup.Config;
    public IReadOnlyList<string> Layers => _setup.Layers;
    public CompensationTrainingConfig Training => _setup.Training;
    public int Chips => _setup.Chips;
    public long Seed => _setup.Seed;

    /// <summary>Accuracy of the digital base model on the test images.</summary>
    public double CleanAccuracy => _clean ??= ClassificationAccuracy.Evaluate(_setup.Model, _setup.Test,
        _setup.Device);

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
        var compensated = new CompensatedModel(_setup.Model, units, _setup.InputShape, Training.Seed);
        try
        {
            using var analog = AnalogConversion.ToAnalog(compensated, Config, _setup.InputShape,
                _setup.CalibrationImages);
            CompensationTrainer.Train(compensated, analog, _setup.Train, Training, _setup.Device);
            var result = MonteCarloEvaluator.Evaluate(analog, _setup.Test, Chips, Seed, device: _setup.Device);
            return new PlacementOutcome(result.Mean, CleanAccuracy, cost.ParametersPercent / 100,
                cost.MacsPercent / 100, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            compensated.DisposeUnits();
        }
    }
}
