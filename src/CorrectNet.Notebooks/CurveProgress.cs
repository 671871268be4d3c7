using CorrectNet.Experiments.Results;


namespace CorrectNet.Notebooks;

/// <summary>One plain line per finished sweep point in the cell output.</summary>
public static class CurveProgress
{
    public static IProgress<CurvePoint> Lines() => new SynchronousProgress<CurvePoint>(p =>
    {
        var (low, high) = p.Result.Ci95;
        string energy = p.Result.AdcEnergyPicojoules is { } e ? $", ADC {e / 1000:G4} nJ" : "";
        string source = p.FromCache ? "cached" : $"{p.Seconds:F1} s";
        string chips = p.Result.Chips == 1 ? "1 chip" : $"{p.Result.Chips} chips";
        Console.WriteLine($"{p.Series}, {p.Setting}: {p.Result.Mean:P2} (95% CI {low:P2} – {high:P2}, {chips}; clean " +
            $"{p.Result.CleanAccuracy:P2}{energy}) [{source}]");
    });
}
