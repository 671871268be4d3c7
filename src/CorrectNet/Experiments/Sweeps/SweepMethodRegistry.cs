using CorrectNet.Experiments.Recipes;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// The methods a sweep grid may name, name → <see cref="SweepMethod"/> (names compare ignoring case).
/// <see cref="Default"/> holds the five training methods of <see cref="SuppressionMethods"/>; later methods
/// (compensation, pipelines) join it with <see cref="Register"/>, e.g. from their own static setup code.
/// </summary>
public sealed class SweepMethodRegistry
{
    private readonly Dictionary<string, SweepMethod> _methods = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];

    /// <summary>The registry the CLI and <see cref="SweepGridFile"/> use unless given another.</summary>
    public static SweepMethodRegistry Default { get; } = WithSuppressionMethods();

    /// <summary>Names in registration order, spelled as registered.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>A registry holding plain, variation-aware, parseval, enhanced and enhanced + variation-aware.</summary>
    public static SweepMethodRegistry WithSuppressionMethods()
    {
        var registry = new SweepMethodRegistry();
        foreach (string name in SuppressionMethods.All) registry.Register(name, Suppression(name));
        return registry;
    }

    /// <summary>The suppression method <paramref name="name"/>: the cell's plain setup changed by <see
    /// cref="SuppressionMethods.Apply"/> (β and train σ of the cell, the profile's fine-tuning), trained through the
    /// cache.</summary>
    public static SweepMethod Suppression(string name) =>
        context => context.GetOrTrain(SuppressionMethods.Apply(context.PlainSetup, name, context.Cell.Beta,
            context.Cell.TrainSigma, context.Profile.Training.FineTuneEpochsFor(context.Cell.Model)));

    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public SweepMethodRegistry Register(string name, SweepMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A method needs a name.", nameof(name));
        name = name.Trim();
        if (!_methods.TryAdd(name, method))
            throw new ArgumentException($"Sweep method '{name}' is already registered.", nameof(name));
        _names.Add(name);
        return this;
    }

    /// <summary>The registered spelling of <paramref name="name"/>, or null when unknown.</summary>
    public string? Canonical(string name) => _names.FirstOrDefault(n => n.Equals(name.Trim(),
        StringComparison.OrdinalIgnoreCase));

    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public SweepMethod this[string name] =>
        _methods.TryGetValue(name.Trim(), out var method) ? method
        : throw new ArgumentException($"Unknown sweep method '{name}'; known: {string.Join(", ", _names)}.",
            nameof(name));
}
