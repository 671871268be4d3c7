namespace CorrectNet.Tests;

/// <summary>
/// Test classes that replace Console.Error to read what the kit prints there. The console is process-wide, so they run
/// apart from every other test: a concurrent test's output would land in the capture, or be lost with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "Captures Console.Error";
}
