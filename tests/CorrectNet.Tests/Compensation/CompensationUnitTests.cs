using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Models;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Compensation;

/// <summary>The unit starts as the identity, stays digital under ToAnalog, costs what a hand count says, and
/// round-trips.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class CompensationUnitTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly ModelSpec LeNet = new("lenet5", InChannels: 1, ImageSize: 28, Classes: 10);
    private static readonly string[] LeNetLayers = ["conv1", "conv2", "fc1", "fc2", "fc3"];

    [Fact]
    public void ZeroInitializedUnitsLeaveOutputsUnchanged()
    {
        using var model = TrainingTestData.SeededModel(LeNet, seed: 3);
        using var input = TrainingTestData.FixedInput(LeNet, count: 4);
        var before = TrainingTestData.Outputs(model, input);
        var compensated = new CompensatedModel(model, LeNetLayers.Select(l => new CompensationSpec(l)), [1, 28, 28],
            seed: 5);
        Assert.Equal(before, TrainingTestData.Outputs(compensated, input));

        // A unit whose up-projection is not zero changes the output: the comparison above can fail.
        using (no_grad())
            foreach (var (name, parameter) in compensated.named_parameters().Where(p => p.name.Contains(".up.")))
                parameter.fill_(0.1);
        Assert.NotEqual(before, TrainingTestData.Outputs(compensated, input));
        // Base model alone: no unit runs (hooks exist only while the compensated model runs).
        Assert.Equal(before, TrainingTestData.Outputs(model, input));
    }

    [Fact]
    public void ToAnalogMapsTheBaseLayersOnlyWithTheBaseModelsChips()
    {
        using var model = TrainingTestData.SeededModel(LeNet, seed: 3);
        using var input = TrainingTestData.FixedInput(LeNet, count: 4);
        var compensated = new CompensatedModel(model, [new CompensationSpec("conv2"), new CompensationSpec("fc1")],
            [1, 28, 28]);
        float[] onChip;
        using (var analog = AnalogConversion.ToAnalog(compensated, CrossbarConfig.Lognormal(0.5), [1, 28, 28]))
        {
            Assert.Equal(LeNetLayers, analog.Layers.Select(l => l.Name));
            analog.UseChip(new Chip(4, 2));
            onChip = TrainingTestData.Outputs(compensated, input);
        }
        // Units are the identity, so chip (4, 2) of the compensated twin is chip (4, 2) of the plain twin.
        using (var plain = AnalogConversion.ToAnalog(model, CrossbarConfig.Lognormal(0.5), [1, 28, 28]))
        {
            plain.UseChip(new Chip(4, 2));
            Assert.Equal(TrainingTestData.Outputs(model, input), onChip);
        }
    }

    [Fact]
    public void CostMatchesAHandCount()
    {
        using var model = TrainingTestData.SeededModel(LeNet, seed: 3);
        var profiles = LayerProfiler.Profile(model, [1, 28, 28]);
        // conv1: C = 6, r = max(1, 6/8) = 1, 28·28 positions; fc1: C = 120, r = 15; fc3: C = 10, r = 4 (given).
        var cost = CompensationCost.Of(profiles, [new("conv1"), new("fc1"), new("fc3", 4)], storageBitsPerParameter: 8,
            baseBitsPerParameter: 32);
        long parameters = (2 * 6 * 1 + 1 + 6) + (2 * 120 * 15 + 15 + 120) + (2 * 10 * 4 + 4 + 10);
        long macs = 2 * 6 * 1 * 784 + 2 * 120 * 15 + 2 * 10 * 4;
        // LeNet-5 at 28×28: conv1 156 params, 117 600 MACs; conv2 2 416, 240 000; fc1 48 120, 48 000; fc2 10 164, 10
        // 080; fc3 850, 840.
        long baseParameters = 156 + 2416 + 48120 + 10164 + 850;
        long baseMacs = 117600 + 240000 + 48000 + 10080 + 840;
        Assert.Equal(3, cost.Units);
        Assert.Equal(parameters, cost.Parameters);
        Assert.Equal(macs, cost.Macs);
        Assert.Equal(parameters * 8, cost.StorageBits);
        Assert.Equal(baseParameters, cost.BaseParameters);
        Assert.Equal(baseMacs, cost.BaseMacs);
        Assert.Equal(100.0 * parameters / baseParameters, cost.ParametersPercent, 12);
        Assert.Equal(100.0 * macs / baseMacs, cost.MacsPercent, 12);
        Assert.Equal(100.0 * parameters * 8 / (baseParameters * 32), cost.StoragePercent, 12);

        // The model's own extra parameters are exactly the counted ones.
        var compensated = new CompensatedModel(model, [new("conv1"), new("fc1"), new("fc3", 4)], [1, 28, 28]);
        Assert.Equal(parameters, compensated.UnitParameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ACompensatedModelSavesAndLoadsAsOneCheckpoint()
    {
        var setup = TrainingTestData.Setup() with { Model = LeNet };
        using var model = TrainingTestData.SeededModel(LeNet, seed: 3);
        var compensated = new CompensatedModel(model, [new("conv2"), new("fc2", 3)], [1, 28, 28]);
        using (no_grad())
            foreach (var (_, parameter) in compensated.named_parameters().Where(p => p.name.Contains(".up.")))
                parameter.fill_(0.05);
        var header = new CheckpointHeader(CheckpointHeader.CurrentFormat, CorrectNetInfo.Version, setup, 1, [],
            DateTime.UtcNow);
        string path = _folder.File("compensated.ckpt");
        CompensatedCheckpoint.Save(path, compensated, header, new CompensationTrainingConfig { Steps = 7 });

        var (loadedHeader, loaded) = CompensatedCheckpoint.Load(path);
        using (loaded)
        {
            Assert.Equal([new CompensationSpec("conv2", 2), new CompensationSpec("fc2", 3)], loadedHeader.Units);
            Assert.Equal(7, loadedHeader.Training!.Steps);
            TrainingTestData.AssertSameWeights(compensated, loaded);
            using var input = TrainingTestData.FixedInput(LeNet, count: 3);
            Assert.Equal(TrainingTestData.Outputs(compensated, input), TrainingTestData.Outputs(loaded, input));
        }
        // A plain checkpoint is refused with a message naming the format.
        string plain = _folder.File("plain.ckpt");
        Checkpoint.Save(plain, header, model);
        Assert.Contains("compensated",
            Assert.Throws<InvalidDataException>(() => CompensatedCheckpoint.Load(plain)).Message);
    }
}
