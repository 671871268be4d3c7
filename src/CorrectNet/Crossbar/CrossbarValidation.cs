namespace CorrectNet.Crossbar;

/// <summary>Range checks whose errors name the parameter and its value.</summary>
internal static class CrossbarValidation
{
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} must be a finite number ≥ 0.");
    }

    public static void Probability(double value, string name)
    {
        if (!(value is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} must be in [0, 1].");
    }

    public static void PositiveBits(int? value, string name, int max = 24)
    {
        if (value is { } bits && (bits < 1 || bits > max))
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} must be between 1 and {max} bits.");
    }
}
