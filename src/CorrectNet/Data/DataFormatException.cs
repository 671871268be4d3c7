namespace CorrectNet.Data;

/// <summary>A data file that exists but does not hold what its format promises; the message names file and
/// problem.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"Bad data file '{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    public string FilePath { get; }

    /// <summary>The problem alone, without the file name.</summary>
    public string Problem { get; }
}
