using System.Globalization;
using System.Text;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// The CSV form of sweep rows (UTF-8, comma-separated, '\n' line ends, header of snake_case names). Numbers are written
/// invariant and round-trip exact (shortest text that parses back to the same double); an absent value is empty.
/// </summary>
public static class SweepTable
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "cell_index", "cell_id", "model", "dataset", "method", "seed", "sigma", "preset", "chips", "chip_seed",
        "trained_test_accuracy", "clean_accuracy", "mean_accuracy", "std_accuracy", "ci95_low", "ci95_high",
        "min_accuracy", "p5_accuracy", "median_accuracy", "p95_accuracy", "max_accuracy", "adc_energy_pj",
    ];

    public static string ToCsv(IEnumerable<SweepRow> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns)).Append('\n');
        foreach (var r in rows)
        {
            string[] fields =
            [
                Int(r.CellIndex), Text(r.CellId), Text(r.Model), Text(r.Dataset), Text(r.Method), Int(r.Seed),
                Number(r.Sigma), Text(r.Preset), Int(r.Chips), Int(r.ChipSeed), Number(r.TrainedTestAccuracy),
                Number(r.CleanAccuracy), Number(r.MeanAccuracy), Number(r.StdAccuracy), Number(r.Ci95Low),
                Number(r.Ci95High), Number(r.MinAccuracy), Number(r.P5Accuracy), Number(r.MedianAccuracy),
                Number(r.P95Accuracy), Number(r.MaxAccuracy), Number(r.AdcEnergyPj),
            ];
            text.Append(string.Join(',', fields)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Writes the table atomically (readers never see half a file).</summary>
    public static void Write(string path, IEnumerable<SweepRow> rows) => AtomicFile.WriteAllText(path, ToCsv(rows));

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Text(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
