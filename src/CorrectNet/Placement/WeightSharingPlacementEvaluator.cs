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
    private readonly ImageDataset _train, _test;
    private readonly Device? _device;
    private readonly CompensatedModel _shared;
    private readonly AnalogModel _analog;
    private long? _programmed;

    /// <param name="model">The trained base model (shared, left as it was after <see cref="Dispose"/>).</param>
    /// <param name="config">The hardware (σ, mapping).</param>
    /// <param name="layers">The analog layers in forward order (the placement's entries), one shared unit each.</param>
    /// <param name="train">Images the shared units train on.</param>
    /// <param name="test">Images the accuracy is measured on.</param>
    /// <param name="training">The shared training (its steps are the whole budget, for all units together); its
    /// ChipSeed must differ from <paramref name="seed"/>; its Seed seeds the units and the switches.</param>
    /// <param name="chips">Evaluation chips per placement.</param>
    /// <param name="seed">Seed of the evaluation chips.</param>
    /// <param name="calibrationImages">Calibration batch when the configuration quantizes inputs or uses ADCs (owned
    /// by the caller); the ranges are those of the model with identity units, as in F28.</param>
    /// <param name="device">Where the model lives.</param>
    public WeightSharingPlacementEvaluator(
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
        CompensationPlacementEvaluator.CheckEvaluationChips(chips, training, seed);
        Layers = layers;
        Training = training.Validate();
        Chips = chips;
        Seed = seed;
        _train = train;
        _test = test;
        _device = device;
        var inputShape = test.Images.shape[1..];
        _profiles = LayerProfiler.Profile(model, inputShape);
        CleanAccuracy = ClassificationAccuracy.Evaluate(model, test, device);
        _shared = new CompensatedModel(model, layers.Select(l => new CompensationSpec(l)), inputShape, training.Seed);
        try
        {
            _analog = AnalogConversion.ToAnalog(_shared, config, inputShape, calibrationImages);
        }
        catch
        {
            _shared.DisposeUnits();
            throw;
        }
    }

    public IReadOnlyList<string> Layers { get; }
    public CompensationTrainingConfig Training { get; }
    public int Chips { get; }
    public long Seed { get; }

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
        Trained = CompensationTrainer.Train(_shared, _analog, _train, Training, _device, cancellation,
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
            var result = MonteCarloEvaluator.Evaluate(_analog, _test, Chips, Seed, device: _device);
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
            double accuracy = ClassificationAccuracy.Evaluate(_shared, _test, _device);
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
