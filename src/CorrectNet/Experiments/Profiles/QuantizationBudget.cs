namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// The quantization search (docs/method.md F33–F34): its fixed evaluation chips, the chips of the two other seeds
/// (unseen report, re-check of the choice, F33b), the test images and the size of the evolutionary search.
/// </summary>
public sealed record QuantizationBudget
{
    /// <summary>Chips of the search's fixed evaluation set (shared by every setting, docs/method.md F33).</summary>
    public int Chips { get; init; } = 5;

    /// <summary>Chips of a disjoint seed on which the chosen and the reference setting are reported.</summary>
    public int UnseenChips { get; init; } = 10;

    /// <summary>Chips of a third seed on which the search's choice is re-checked before it is reported (F33b); 0 = no
    /// check.</summary>
    public int ValidationChips { get; init; } = 10;

    /// <summary>Test images of every quantization evaluation: the first N; null = all the profile loads.</summary>
    public int? MaxTest { get; init; } = 500;

    /// <summary>Population of the evolutionary (NSGA-II) search.</summary>
    public int Population { get; init; } = 16;

    /// <summary>Generations of the evolutionary search.</summary>
    public int Generations { get; init; } = 8;

    /// <exception cref="ArgumentException">A setting out of range; the message names it and its value.</exception>
    public QuantizationBudget Validate()
    {
        BudgetCheck.AtLeast("Quantization.Chips", Chips, 1);
        BudgetCheck.AtLeast("Quantization.UnseenChips", UnseenChips, 1);
        BudgetCheck.AtLeast("Quantization.ValidationChips", ValidationChips, 0);
        BudgetCheck.Limit("Quantization.MaxTest", MaxTest);
        BudgetCheck.AtLeast("Quantization.Population", Population, 2);
        BudgetCheck.AtLeast("Quantization.Generations", Generations, 1);
        return this;
    }
}
