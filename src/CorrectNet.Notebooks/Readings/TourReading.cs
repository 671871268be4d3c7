using CorrectNet.Training;
using static CorrectNet.Notebooks.ReadingFormat;

namespace CorrectNet.Notebooks;

/// <summary>
/// The prose of notebook 00 that depends on the run, computed instead of typed in: how long the training took and
/// which classes the network gets most wrong. Accuracies print in % with one decimal, times in seconds, in the
/// invariant culture.
/// </summary>
public static class TourReading
{
    /// <summary>
    /// The training time recorded in the checkpoint's <paramref name="history"/> (wall-clock seconds per epoch), and
    /// whether this run paid it (<paramref name="fromCache"/> = false) or loaded the model.
    /// </summary>
    public static string Training(IReadOnlyList<EpochRecord> history, bool fromCache)
    {
        if (history.Count == 0) return "the checkpoint records no epoch.";
        double seconds = history.Sum(e => e.Seconds);
        double each = seconds / history.Count;
        string recorded = Invariant($"{history.Count} epoch(s) in {seconds:F0} s ({each:F1} s each)");
        return fromCache
            ? $"loaded from the cache; the checkpoint records {recorded} of training, not repeated here."
            : $"trained in this run: {recorded}; later runs load it from the cache.";
    }

    /// <summary>
    /// The <paramref name="count"/> classes of lowest accuracy, lowest first, against the mean over classes and the
    /// best class. <paramref name="accuracy"/> holds one fraction per class, in the order of <paramref name="names"/>;
    /// NaN (a class without test images, <see cref="ClassificationAccuracy.PerClass"/>) is left out.
    /// </summary>
    public static string WeakestClasses(IReadOnlyList<string> names, IReadOnlyList<double> accuracy, int count = 3)
    {
        if (names.Count != accuracy.Count)
            throw new ArgumentException($"{names.Count} names, {accuracy.Count} accuracies.", nameof(accuracy));
        var ranked = names.Zip(accuracy, (Name, Accuracy) => (Name, Accuracy))
            .Where(c => !double.IsNaN(c.Accuracy)).OrderBy(c => c.Accuracy).ToList();
        if (ranked.Count == 0) return "no class has test images.";
        string weakest = string.Join(", ", ranked.Take(count).Select(c => $"{c.Name} {Percent(c.Accuracy)}"));
        var best = ranked[^1];
        double mean = ranked.Average(c => c.Accuracy);
        return $"weakest classes: {weakest}; mean over classes {Percent(mean)}, " +
               $"best {best.Name} {Percent(best.Accuracy)}.";
    }
}
