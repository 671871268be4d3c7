using System.Diagnostics;
using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using static TorchSharp.torch;

namespace CorrectNet.Placement;

/// <summary>
/// The acceptance check of docs/method.md F38: every binary placement (2^L, exhaustive search) evaluated by
/// per-placement training (<see cref="CompensationPlacementEvaluator"/>) and by weight sharing
/// (<see cref="WeightSharingPlacementEvaluator"/>) on the same evaluation chips and images, both timed in one run,
/// plus a race of every placement on paired chips with the shared units (F39).
/// </summary>
public static class WeightSharingValidation
{
    /// <param name="model">The trained base model.</param>
    /// <param name="config">The hardware.</param>
    /// <param name="sites">The analog layers with their sensitivities.</param>
    /// <param name="train">Training images of the units.</param>
    /// <param name="test">Evaluation images.</param>
    /// <param name="training">Per-placement training (F28).</param>
    /// <param name="shared">The shared training (same seeds, its own steps).</param>
    /// <param name="race">Chips of every evaluation (<see cref="PairedRaceConfig.Chips"/>) and the race's
    /// floor.</param>
    /// <param name="alpha">α of the reward; the overhead is the larger share (<see
    /// cref="OverheadMeasure.Max"/>).</param>
    /// <param name="seed">Seed of the evaluation chips.</param>
    /// <param name="calibrationImages">Calibration batch for presets with DAC/ADC.</param>
    /// <param name="device">Where the model lives.</param>
    /// <param name="progress">Every evaluation as it finishes: which evaluator ("shared", "per-placement"), the
    /// placement and its outcome.</param>
    public static WeightSharingValidationResult Run(
        nn.Module<Tensor, Tensor> model,
        CrossbarConfig config,
        IReadOnlyList<PlacementSite> sites,
        ImageDataset train,
        ImageDataset test,
        CompensationTrainingConfig training,
        CompensationTrainingConfig shared,
        PairedRaceConfig race,
        double alpha,
        long seed,
        Tensor? calibrationImages = null,
        Device? device = null,
        IProgress<(string Evaluator, UnitPlacement Placement, PlacementOutcome Outcome)>? progress = null)
    {
        var layers = sites.Select(s => s.Name).ToList();
        const OverheadMeasure measure = OverheadMeasure.Max;

        var clock = Stopwatch.StartNew();
        PlacementSearchResult sharedSearch;
        PairedRaceResult<UnitPlacement> raced;
        double sharedTraining, sharedScoring, raceSeconds;
        // disposed before per-placement training starts: its analog twin hooks the base model's layers
        var setup = new PlacementScoringSetup(model, config, layers, train, test, training, race.Chips, seed,
            calibrationImages, device);
        using (var sharing = new WeightSharingPlacementEvaluator(setup with { Training = shared }))
        {
            sharing.Train();
            sharedTraining = clock.Elapsed.TotalSeconds;
            var sharedEnvironment = new PlacementEnvironment(sites, Reported("shared", sharing.Evaluate), alpha,
                measure);
            clock.Restart();
            sharedSearch = PlacementSearches.Exhaustive(sharedEnvironment);
            sharedScoring = clock.Elapsed.TotalSeconds;

            var placements = sharedSearch.Visited.Select(v => v.Placement).ToList();
            clock.Restart();
            raced = PlacementRace.Run(sharedEnvironment, placements,
                (placement, chip) => sharing.EvaluateOnChip(placement, chip), race);
            raceSeconds = clock.Elapsed.TotalSeconds;
        }

        var perPlacement = new CompensationPlacementEvaluator(setup);
        var perEnvironment = new PlacementEnvironment(sites, Reported("per-placement", perPlacement.Evaluate), alpha,
            measure);
        clock.Restart();
        var perSearch = PlacementSearches.Exhaustive(perEnvironment);
        double perSeconds = clock.Elapsed.TotalSeconds;

        var comparison = new WeightSharingComparison(perSearch.Visited, sharedSearch.Visited).Validate();
        return new WeightSharingValidationResult(comparison, raced, perSeconds, sharedTraining, sharedScoring,
            raceSeconds, comparison.Choice.Outcome.Seconds);

        Func<UnitPlacement, PlacementOutcome> Reported(
            string evaluator, Func<UnitPlacement, PlacementOutcome> evaluate) =>
            placement =>
            {
                var outcome = evaluate(placement);
                progress?.Report((evaluator, placement, outcome));
                return outcome;
            };
    }
}
