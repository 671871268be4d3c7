using CorrectNet.Models;
using TorchSharp.Modules;
using static CorrectNet.Tests.Models.ModelTestSupport;

namespace CorrectNet.Tests.Models;

public sealed class LayerProfilerTests
{
    [Fact]
    public void LeNet5ProfileMatchesHandComputation()
    {
        using var model = Create(new ModelSpec("lenet5"));
        var profiles = LayerProfiler.Profile(model, [1, 28, 28]);

        // conv1: 1→6, 5×5, pad 2 on 28×28 → 28×28.  params 6·1·25 + 6; MACs 28·28·6·(1·25); rows 1·25.
        // conv2: 6→16, 5×5 on 14×14 → 10×10.        params 16·6·25 + 16; MACs 10·10·16·(6·25); rows 150.
        // fc1: 16·5·5 = 400 → 120; fc2: 120 → 84; fc3: 84 → 10.  params in·out + out; MACs in·out.
        var expected = new[]
        {
            new LayerProfile("conv1", "conv2d", 1, 6, 5, 5, 784, 156, 117_600, 25, 28, 28),
            new LayerProfile("conv2", "conv2d", 6, 16, 5, 5, 100, 2_416, 240_000, 150, 10, 10),
            new LayerProfile("fc1", "linear", 400, 120, 1, 1, 1, 48_120, 48_000, 400, 1, 1),
            new LayerProfile("fc2", "linear", 120, 84, 1, 1, 1, 10_164, 10_080, 120, 1, 1),
            new LayerProfile("fc3", "linear", 84, 10, 1, 1, 1, 850, 840, 84, 1, 1),
        };
        Assert.Equal(expected, profiles);
        Assert.Equal(61_706, ModelSummary.TotalParameters(model));
        Assert.Equal(416_520, ModelSummary.TotalMacs(profiles));
    }

    [Fact]
    public void LeNet5At32PixelsUsesNoPaddingAndStillFlattensTo400()
    {
        using var model = Create(new ModelSpec("lenet5", 3, 32));
        var profiles = LayerProfiler.Profile(model, [3, 32, 32]);
        Assert.Equal(5, profiles.Count);
        Assert.Equal((28L, 28L), (profiles[0].OutputHeight, profiles[0].OutputWidth));
        Assert.Equal(3 * 6 * 25 + 6, profiles[0].Parameters);
        Assert.Equal(400, profiles[2].InChannels);
    }

    [Fact]
    public void Vgg16HasThirteenConvsAndOneLinearWhoseParametersPlusBatchNormMakeTheModel()
    {
        using var model = Create(new ModelSpec("vgg16", 3, 32));
        var profiles = LayerProfiler.Profile(model, [3, 32, 32]);
        Assert.Equal(
            Enumerable.Range(1, 13).Select(i => $"conv{i}").Append("classifier"), profiles.Select(p => p.Name));
        Assert.Equal(13, profiles.Count(p => p.Kind == "conv2d"));
        Assert.Equal("linear", profiles[^1].Kind);
        long batchNormParameters = profiles.Where(p => p.Kind == "conv2d").Sum(p => 2 * p.OutChannels);
        Assert.Equal(ModelSummary.TotalParameters(model), ModelSummary.LayerParameters(profiles) + batchNormParameters);
        Assert.Equal((2L, 2L), (profiles[12].OutputHeight, profiles[12].OutputWidth));
        Assert.Equal(512 * 9, profiles[12].WeightRows);
        Assert.Equal(512, profiles[^1].InChannels);
    }

    [Fact]
    public void ResNet18ProfilesStemBlocksShortcutsAndFcInForwardOrder()
    {
        using var model = Create(new ModelSpec("resnet18", 3, 32));
        var profiles = LayerProfiler.Profile(model, [3, 32, 32]);
        Assert.Equal(21, profiles.Count);
        Assert.Equal("conv1", profiles[0].Name);
        Assert.Equal("fc", profiles[^1].Name);
        var shortcut = profiles.Single(p => p.Name == "layer3.0.shortcut");
        Assert.Equal((1, 1), (shortcut.KernelHeight, shortcut.KernelWidth));
        Assert.Equal((8L, 8L), (shortcut.OutputHeight, shortcut.OutputWidth));
        Assert.Equal(64L * 256 * 128, shortcut.Macs);
        Assert.Equal((4L, 4L), (profiles.Single(p => p.Name == "layer4.1.conv2").OutputHeight, 4L));
    }

    [Fact]
    public void MlpProfileIsThreeLinearLayers()
    {
        using var model = Create(new ModelSpec("mlp"));
        var profiles = LayerProfiler.Profile(model, [1, 28, 28]);
        Assert.Equal(new[] { "fc1", "fc2", "fc3" }, profiles.Select(p => p.Name));
        Assert.Equal(784L * 256 + 256 * 128 + 128 * 10, ModelSummary.TotalMacs(profiles));
    }

    [Fact]
    public void ProfilingRestoresEachModulesTrainingFlagAndLeavesNoHooks()
    {
        using var model = Create(new ModelSpec("resnet18", 1, 16, WidthMultiplier: 0.125));
        model.train();
        var bn1 = model.named_modules().Single(m => m.Item1 == "bn1").Item2;
        bn1.eval();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        LayerProfiler.Profile(model, [1, 16, 16]);

        Assert.True(model.training);
        Assert.False(bn1.training);
        Assert.True(model.named_modules().Single(m => m.Item1 == "layer1.0.bn1").Item2.training);
        // Eval mode: BatchNorm running statistics were not updated by the dummy pass.
        Assert.All(before, kv => Assert.True(SameValues(kv.Value, model.state_dict()[kv.Key]), kv.Key));
        // A second profile gives the same answer (hooks from the first were removed, nothing recorded twice).
        Assert.Equal(LayerProfiler.Profile(model, [1, 16, 16]), LayerProfiler.Profile(model, [1, 16, 16]));
    }

    [Fact]
    public void BadInputShapeIsRejected()
    {
        using var model = Create(new ModelSpec("mlp"));
        Assert.Throws<ArgumentException>(() => LayerProfiler.Profile(model, [28, 28]));
        Assert.Throws<ArgumentException>(() => LayerProfiler.Profile(model, [1, 0, 28]));
    }

    [Fact]
    public void ConvProfileReadsKernelFromWeight()
    {
        using var model = Create(new ModelSpec("vgg11", 1, 32, WidthMultiplier: 0.125, BatchNorm: false));
        var first = LayerProfiler.Profile(model, [1, 32, 32])[0];
        var conv = model.named_modules().Select(m => m.Item2).OfType<Conv2d>().First();
        Assert.Equal(conv.weight.shape[2], first.KernelHeight);
        Assert.Equal(conv.weight.numel() + conv.bias!.numel(), first.Parameters);
        Assert.Equal(32L * 32 * 8 * 9, first.Macs);
    }
}
