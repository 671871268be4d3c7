namespace CorrectNet;

/// <summary>
/// Says once per process, on stderr, that files written before checkpoints and cache entries carried checksums are
/// being loaded unverified. Such files are kept and loaded as they are (a filled result cache can hold many hours of
/// compute), so the user is told, but a cache of thousands of entries must not print thousands of lines.
/// </summary>
internal static class UnverifiedFileWarning
{
    private static int _warned;

    /// <summary>Prints the warning naming <paramref name="path"/> unless this process already printed it.</summary>
    public static void Note(string path)
    {
        // Exchange makes exactly one caller win when parallel sweeps load legacy entries at the same moment.
        if (Interlocked.Exchange(ref _warned, 1) != 0) return;
        Console.Error.WriteLine(Message(path));
    }

    public static string Message(string path) =>
        $"correctnet: {path} and possibly other files were written before checkpoints and cache entries carried " +
        "checksums: they load as they are, unverified; delete .cache/ (or retrain the checkpoint) to have them " +
        "verified.";

    /// <summary>Lets a test see the warning again although an earlier test in the process already caused it.</summary>
    internal static void ResetForTests() => Interlocked.Exchange(ref _warned, 0);
}
