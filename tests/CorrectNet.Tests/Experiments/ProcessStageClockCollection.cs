namespace CorrectNet.Tests.Experiments;

/// <summary>
/// Tests that read the process's stage clock (<see cref="ProcessTimings.Clock"/>): a stage entered by a concurrent test
/// (any training or evaluation) would be the outermost one and take their time, so they run apart from every other
/// test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStageClockCollection
{
    public const string Name = "Reads the process's stage clock";
}
