namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// The CorrectNet+ pipeline of notebook 07 (docs/method.md F37): its networks, the unseen chips and test images of
/// its final evaluations, and its placement agent's episodes.
/// </summary>
public sealed record PipelineBudget
{
    /// <summary>The networks as "model/dataset"; a data set whose files are absent is skipped in notebook 07.</summary>
    public IReadOnlyList<string> Networks { get; init; } = ["lenet5/fashion-mnist", "vgg16/fashion-mnist"];

    /// <summary>Unseen chips on which the pipeline and every baseline are evaluated at the evaluation σ
    /// (docs/method.md F37); the curves over σ take the first <see cref="MonteCarloBudget.CrossbarChips"/>.</summary>
    public int Chips { get; init; } = 20;

    /// <summary>Test images of the final evaluations: the first N; null = all the profile loads.</summary>
    public int? MaxTest { get; init; } = 1000;

    /// <summary>Episodes of the pipeline's placement agent (twice per network: pipeline and compensation alone); null
    /// = <see cref="PlacementBudget.Episodes"/>.</summary>
    public int? PlacementEpisodes { get; init; }

    /// <summary>(model, data set) of every entry of <see cref="Networks"/>.</summary>
    /// <exception cref="ArgumentException">An entry does not read "model/dataset"; the message quotes it.</exception>
    public IReadOnlyList<(string Model, string Dataset)> ModelsAndDatasets() =>
        [.. Networks.Select(n =>
        {
            var parts = n.Split('/', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new ArgumentException(
                    $"Pipeline.Networks: '{n}' must read 'model/dataset', e.g. 'lenet5/fashion-mnist'.");
            return (parts[0], parts[1]);
        })];

    /// <exception cref="ArgumentException">A setting out of range; the message names it and its value.</exception>
    public PipelineBudget Validate()
    {
        BudgetCheck.NotEmpty("Pipeline.Networks", Networks);
        _ = ModelsAndDatasets();
        BudgetCheck.AtLeast("Pipeline.Chips", Chips, 1);
        BudgetCheck.Limit("Pipeline.MaxTest", MaxTest);
        if (PlacementEpisodes is { } episodes) BudgetCheck.AtLeast("Pipeline.PlacementEpisodes", episodes, 1);
        return this;
    }
}
