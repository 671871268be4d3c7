namespace CorrectNet.Cli;

/// <summary>One executed notebook. Failure names the cell (1-based, code cells counted with markdown) and the error.</summary>
internal sealed record NotebookResult(string Name, bool Succeeded, TimeSpan Elapsed, string? Failure);
