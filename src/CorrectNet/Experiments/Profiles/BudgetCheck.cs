namespace CorrectNet.Experiments.Profiles;

/// <summary>
/// The checks the budgets of a profile share; each error names the setting ("Placement.Episodes") and its value.
/// </summary>
internal static class BudgetCheck
{
    public static void AtLeast(string setting, int value, int minimum)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(setting, value, $"{setting} = {value} must be at least {minimum}.");
    }

    /// <summary>An image limit: null (all) or at least one image.</summary>
    public static void Limit(string setting, int? value)
    {
        if (value is < 1)
            throw new ArgumentOutOfRangeException(setting, value,
                $"{setting} = {value} must be at least 1 (or null for all).");
    }

    public static void NotNegative(string setting, double value)
    {
        if (!(value >= 0))
            throw new ArgumentOutOfRangeException(setting, value, $"{setting} = {value} must be ≥ 0.");
    }

    public static void Positive(string setting, double value)
    {
        if (!(value > 0))
            throw new ArgumentOutOfRangeException(setting, value, $"{setting} = {value} must be > 0.");
    }

    public static void NotEmpty<T>(string setting, IReadOnlyCollection<T> values)
    {
        if (values.Count == 0) throw new ArgumentException($"{setting} is empty; it needs at least one entry.",
            setting);
    }

    /// <summary>Every value of a per-network table ≥ 0; the error names the network.</summary>
    public static void NotNegative(string setting, IReadOnlyDictionary<string, double> values)
    {
        foreach (var (model, value) in values) NotNegative($"{setting}[{model}]", value);
    }
}
