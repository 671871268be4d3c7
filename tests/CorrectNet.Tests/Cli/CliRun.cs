namespace CorrectNet.Tests.Cli;

/// <summary>What one run of the CLI process left: exit code and the two output streams, kept apart.</summary>
internal sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
