using System.Diagnostics;
using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Models;
using CorrectNet.Training;
using static TorchSharp.torch;

namespace CorrectNet.Placement;

/// <summary>
/// Weight-sharing evaluation of placements (docs/method.md F38) [ours]: one identity-initialized unit of default width
/// on every candidate layer, trained once (<see cref="Train"/>, F28 with step k running only the units
/// <see cref="IsOn"/> switches on, each with probability ½, on chip k of the training seed); then a placement is scored
/// by switching its units on and the others off, without retraining, on evaluation chips 0 … <see cref="Chips"/> − 1
/// of <see cref="Seed"/> (unseen in training). Pass <see cref="Evaluate"/> to a <see cref="PlacementEnvironment"/>, so
/// every search runs on it; retrain only the final choice with <see cref="CompensationPlacementEvaluator"/>.
/// Placements must be binary (width 0 or the layer's default width). Owns the units and the analog twin: dispose it
/// before making another twin of the same base model (its crossbar hooks sit on the base model's layers).
/// </summary>
public sealed class WeightSharingPlacementEvaluator : IDisposable
{
    /// <summary>Probability that a unit runs in a training step: ½ makes every placement equally likely
    /// (2^−L).</summary>
    public const double UnitProbability = 0.5;

    private readonly IReadOnlyList<LayerProfile> _profiles;
    private readonly PlacementScoringSetup _setup;
    private readonly CompensatedModel _shared;
    private readonly AnalogModel _analog;
    private long? _programmed;

    /// <param name="setup">Base model, hardware, layers (one shared unit each), images, chips; its Training is the
    /// shared training (its steps are the whole budget, for all units together; its Seed seeds the units and the
    /// switches).</param>
    /// <exception cref="ArgumentException">A setup <see cref="PlacementScoringSetup.Validate"/> refuses.</exception>
    public WeightSharingPlacementEvaluator(PlacementScoringSetup setup)
    {
        _setup = setup.Validate();
        var inputShape = setup.InputShape;
        _profiles = LayerProfiler.Profile(setup.Model, inputShape);
        CleanAccuracy = ClassificationAccuracy.Evaluate(setup.Model, setup.Test, setup.Device);
        _shared = new CompensatedModel(setup.Model, setup.Layers.Select(l => new CompensationSpec(l)), inputShape,
            setup.Training.Seed);
        try
        {
            _analog = AnalogConversion.ToAnalog(_shared, setup.Config, inputShape, setup.CalibrationImages);
        }
        catch
        {
            _shared.DisposeUnits();
            throw;
        }
    }

    public IReadOnlyList<string> Layers => _setup.Layers;
    public CompensationTrainingConfig Training => _setup.Training;
    public int Chips => _setup.Chips;
    public long Seed => _setup.Seed;

    /// <summary>Accuracy of the digital base model on the test images.</summary>
    public double CleanAccuracy { get; }

    /// <summary>The shared training's result, once <see cref="Train"/> ran.</summary>
    public CompensationTrainingResult? Trained { get; private set; }

    /// <summary>The shared units' widths (r_default per layer): the only non-zero widths a placement may ask
    /// for.</summary>
    public IReadOnlyList<int> Widths => [.. _shared.Specs.Select(s => s.Width!.Value)];

    /// <summary>
    /// Whether the unit on layer <paramref name="layer"/> runs in training step <paramref name="step"/> under
    /// <paramref name="seed"/>: a SplitMix64 hash of (seed, step, layer) below <see cref="UnitProbability"/>, so the
    /// switches depend on nothing else (order, machine).
    /// </summary>
    public static bool IsOn(long seed, int step, int layer) =>
        Mix(Mix(Mix((ulong)seed) ^ (ulong)step) ^ (ulong)layer) >> 11 < (ulong)(UnitProbability * (1UL << 53));

    /// <summary>Trains the shared units once (later calls return the first result).</summary>
    public CompensationTrainingResult Train(CancellationToken cancellation = default)
    {
        if (Trained is { } done) return done;
        var on = Enumerable.Range(0, Layers.Count).ToArray();
        Trained = CompensationTrainer.Train(_shared, _analog, _setup.Train, Training, _setup.Device, cancellation,
            step => on.Where(l => IsOn(Training.Seed, step, l)).Select(l => Layers[l]).ToHashSet());
        _programmed = null;
        return Trained;
    }

    /// <summary>Scores <paramref name="placement"/> on the evaluation chips (trains the shared units first if needed).
    /// Seconds = the scoring alone.</summary>
    public PlacementOutcome Evaluate(UnitPlacement placement)
    {
        Train();
        var clock = Stopwatch.StartNew();
        _shared.ActiveUnits = ActiveOf(placement);
        try
        {
            var result = MonteCarloEvaluator.Evaluate(_analog, _setup.Test, Chips, Seed, device: _setup.Device);
            _programmed = null;
            return Outcome(placement, result.Mean, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            _shared.ActiveUnits = null;
        }
    }

    /// <summary>
    /// Scores <paramref name="placement"/> on one evaluation chip, (<see cref="Seed"/>, <paramref name="chip"/>),
    /// for racing (F39): the chip is programmed only when it differs from the last one scored here.
    /// </summary>
    public PlacementOutcome EvaluateOnChip(UnitPlacement placement, long chip)
    {
        Train();
        var clock = Stopwatch.StartNew();
        if (_programmed != chip)
        {
            _analog.UseChip(new Chip(Seed, chip));
            _programmed = chip;
        }
        _shared.ActiveUnits = ActiveOf(placement);
        try
        {
            double accuracy = ClassificationAccuracy.Evaluate(_shared, _setup.Test, _setup.Device);
            return Outcome(placement, accuracy, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            _shared.ActiveUnits = null;
        }
    }

    public void Dispose()
    {
        _analog.Dispose();
        _shared.DisposeUnits();
    }

    private PlacementOutcome Outcome(UnitPlacement placement, double accuracy, double seconds)
    {
        var cost = CompensationCost.Of(_profiles, _shared.Specs.Where((_, l) => placement.Has(l)));
        return new PlacementOutcome(accuracy, CleanAccuracy, cost.ParametersPercent / 100, cost.MacsPercent / 100,
            seconds);
    }

    private HashSet<string> ActiveOf(UnitPlacement placement)
    {
        if (placement.Layers != Layers.Count)
            throw new ArgumentException(
                $"A placement of {Layers.Count} layers expected, got {placement.Layers}.", nameof(placement));
        var widths = Widths;
        for (int l = 0; l < Layers.Count; l++)
            if (placement.Has(l) && placement.Widths[l] != widths[l])
                throw new ArgumentException(
                    $"Placement [{placement.Key}]: layer {Layers[l]} asks for width {placement.Widths[l]}; " +
                    $"the shared unit has width {widths[l]} (weight sharing scores binary placements only).",
                    nameof(placement));
        return [.. Layers.Where((_, l) => placement.Has(l))];
    }

    // SplitMix64 finalizer (as Chip's): nearby inputs give unrelated values.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
