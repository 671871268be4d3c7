namespace CorrectNet.Quantization;

/// <summary>
/// The accuracy of a setting, remembered by its canonical key: each distinct setting is evaluated once.
/// <see cref="Evaluations"/> counts real evaluations (cache misses). The function is injectable, so searches run on
/// synthetic functions in tests and on Monte-Carlo accuracy on a fixed chip set in experiments.
/// </summary>
public sealed class SettingEvaluator(Func<QuantizationSetting, double> accuracy)
{
    private readonly Dictionary<string, double> _known = new(StringComparer.Ordinal);

    /// <summary>Distinct settings evaluated so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Requests answered from memory.</summary>
    public int CacheHits { get; private set; }

    /// <summary>Accuracy (fraction in [0, 1]) of <paramref name="setting"/>.</summary>
    public double Accuracy(QuantizationSetting setting)
    {
        string key = setting.Key;
        if (_known.TryGetValue(key, out double known))
        {
            CacheHits++;
            return known;
        }
        double value = accuracy(setting);
        if (double.IsNaN(value)) throw new InvalidOperationException($"The evaluator returned NaN for {key}.");
        _known[key] = value;
        Evaluations++;
        return value;
    }
}
