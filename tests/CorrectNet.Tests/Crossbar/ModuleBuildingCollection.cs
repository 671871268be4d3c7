namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// Test classes that build TorchSharp modules. Building a module draws its default initialization from torch's
/// global generator, so these run apart from the parallel tests: tests elsewhere seed that generator and expect
/// identical weights from two builds (e.g. ModelZooTests), which a concurrent build would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModuleBuildingCollection
{
    public const string Name = "Builds modules (torch global generator)";
}
