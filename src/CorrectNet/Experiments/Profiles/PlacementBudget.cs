using CorrectNet.Placement;

namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// Compensation units and their placement (docs/method.md F27–F32): how long units train, on how many unseen chips
/// and test images they and every placement are evaluated, the sensitivity chips, and the placement searches' size.
/// </summary>
public sealed record PlacementBudget
{
    /// <summary>Optimizer steps (mini-batches, each on a fresh chip) of one compensation training (docs/method.md
    /// F28).</summary>
    public int CompensationSteps { get; init; } = 300;

    /// <summary>Images per compensation-training mini-batch.</summary>
    public int CompensationBatchSize { get; init; } = 64;

    /// <summary>Evaluation chips per placement and per compensated model (unseen in training).</summary>
    public int Chips { get; init; } = 20;

    /// <summary>Test images of placement and compensation evaluations: the first N; null = all the profile
    /// loads.</summary>
    public int? MaxTest { get; init; } = 1000;

    /// <summary>How the searches score a placement: its own training (F31) or switching shared units (F38). Either
    /// way the final choice is trained per placement (<see cref="CompensationSteps"/>) and reported on
    /// <see cref="Chips"/> unseen chips.</summary>
    public PlacementScoring Scoring { get; init; } = PlacementScoring.PerPlacement;

    /// <summary>Steps of the one shared training under <see cref="PlacementScoring.WeightSharing"/>; null = 2 ×
    /// <see cref="CompensationSteps"/>, so each unit, on half the steps, gets about as many updates as in its own
    /// training (docs/method.md F38).</summary>
    public int? SharedSteps { get; init; }

    /// <summary>Evaluation chips per placement while a search runs; null = <see cref="Chips"/>. The searches compare
    /// placements on the same chips, so fewer suffice to rank them; the choice is reported on <see cref="Chips"/>
    /// unseen chips.</summary>
    public int? SearchChips { get; init; }

    /// <summary>Test images per placement evaluation while a search runs (the first N); null =
    /// <see cref="MaxTest"/>.</summary>
    public int? SearchMaxTest { get; init; }

    /// <summary>Hard bound on the units' extra parameters and MACs (docs/method.md F31a): the searches never propose
    /// or evaluate a placement over it (the "all" reference excepted); null = no bound, overhead only priced by the
    /// reward's α.</summary>
    public OverheadCap? OverheadCap { get; init; } = OverheadCap.Negligible;

    /// <summary>Chips per layer of the sensitivity measurement (F30).</summary>
    public int SensitivityChips { get; init; } = 10;

    /// <summary>Episodes of the REINFORCE placement agent (F32); placements are cached, so most episodes cost
    /// nothing.</summary>
    public int Episodes { get; init; } = 150;

    /// <summary>Notebook 04 runs exhaustive placement search only when the model has at most this many placements
    /// (2^L for L analog layers, <see cref="PlacementSearchRegistry.IsAffordable"/>); 0 = never. The search itself
    /// refuses more than <see cref="PlacementSearches.MaxExhaustivePlacements"/>.</summary>
    public int ExhaustiveMax { get; init; } = PlacementSearches.MaxExhaustivePlacements;

    /// <summary>Steps of the shared training: <see cref="SharedSteps"/>, else 2 ×
    /// <see cref="CompensationSteps"/>.</summary>
    public int SharedTrainingSteps => SharedSteps ?? 2 * CompensationSteps;

    /// <summary>Evaluation chips per placement in a search: <see cref="SearchChips"/>, else
    /// <see cref="Chips"/>.</summary>
    public int SearchEvaluationChips => SearchChips ?? Chips;

    /// <summary>Test images per placement in a search: <see cref="SearchMaxTest"/>, else
    /// <see cref="MaxTest"/>.</summary>
    public int? SearchEvaluationImages => SearchMaxTest ?? MaxTest;

    /// <exception cref="ArgumentException">A setting out of range; the message names it and its value.</exception>
    public PlacementBudget Validate()
    {
        BudgetCheck.AtLeast("Placement.CompensationSteps", CompensationSteps, 1);
        BudgetCheck.AtLeast("Placement.CompensationBatchSize", CompensationBatchSize, 1);
        BudgetCheck.AtLeast("Placement.Chips", Chips, 1);
        BudgetCheck.Limit("Placement.MaxTest", MaxTest);
        BudgetCheck.AtLeast("Placement.SensitivityChips", SensitivityChips, 1);
        BudgetCheck.AtLeast("Placement.Episodes", Episodes, 1);
        BudgetCheck.AtLeast("Placement.ExhaustiveMax", ExhaustiveMax, 0);
        if (SharedSteps is { } shared) BudgetCheck.AtLeast("Placement.SharedSteps", shared, 1);
        if (SearchChips is { } chips) BudgetCheck.AtLeast("Placement.SearchChips", chips, 1);
        BudgetCheck.Limit("Placement.SearchMaxTest", SearchMaxTest);
        OverheadCap?.Validate();
        return this;
    }
}
