using CorrectNet.Models;
using TorchSharp.Modules;
using static CorrectNet.Tests.Models.ModelTestSupport;

namespace CorrectNet.Tests.Models;

public sealed class ModelStructureTests
{
    [Fact]
    public void LeNet5ModulesAreNamedConvAndFc()
    {
        using var model = Create(new ModelSpec("lenet5"));
        Assert.Equal(new[] { "conv1", "conv2", "fc1", "fc2", "fc3" }, ModuleNames(model));
    }

    [Fact]
    public void MlpModulesAreNamedFc()
    {
        using var model = Create(new ModelSpec("mlp"));
        Assert.Equal(new[] { "fc1", "fc2", "fc3" }, ModuleNames(model));
    }

    [Fact]
    public void VggModulesAreConvBnInOrderThenClassifier()
    {
        using var model = Create(new ModelSpec("vgg11", 3, 32));
        var expected = Enumerable.Range(1, 8).SelectMany(i => new[] { $"conv{i}", $"bn{i}" }).Append("classifier");
        Assert.Equal(expected, ModuleNames(model));
        using var plain = Create(new ModelSpec("vgg11", 3, 32, BatchNorm: false));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"conv{i}").Append("classifier"), ModuleNames(plain));
    }

    [Fact]
    public void ResNet18NamesFollowTorchvision()
    {
        using var model = Create(new ModelSpec("resnet18", 3, 32));
        var names = ModuleNames(model);
        Assert.Equal("conv1", names[0]);
        Assert.Equal("bn1", names[1]);
        Assert.Contains("layer1.0.conv1", names);
        Assert.Contains("layer4.1.bn2", names);
        Assert.Contains("layer2.0.shortcut", names);
        Assert.Contains("layer2.0.shortcut_bn", names);
        Assert.DoesNotContain("layer1.0.shortcut", names);
        Assert.Contains("fc", names);
        // Stem conv + 16 block convs + 3 shortcuts = 20 convs, each followed by a BatchNorm.
        var modules = model.named_modules().Select(m => m.Item2).ToList();
        Assert.Equal(20, modules.Count(m => m is Conv2d));
        Assert.Equal(20, modules.Count(m => m is BatchNorm2d));
    }

    [Fact]
    public void ResNet18WithoutBatchNormHasNoBatchNormAndBiasedConvs()
    {
        using var model = Create(new ModelSpec("resnet18", 3, 32, BatchNorm: false));
        var modules = model.named_modules().Select(m => m.Item2).ToList();
        Assert.DoesNotContain(modules, m => m is BatchNorm2d);
        Assert.All(modules.OfType<Conv2d>(), conv => Assert.NotNull(conv.bias));
        using var normed = Create(new ModelSpec("resnet18", 3, 32));
        Assert.All(normed.named_modules().Select(m => m.Item2).OfType<Conv2d>(), conv => Assert.Null(conv.bias));
    }

    [Fact]
    public void ParameterCountsMatchTheCifarReferenceModels()
    {
        // Independent references: CIFAR-10 VGG-16 with BatchNorm and a 512→10 classifier; CIFAR ResNet-18.
        using var vgg16 = Create(new ModelSpec("vgg16", 3, 32));
        Assert.Equal(14_728_266, ModelSummary.TotalParameters(vgg16));
        using var resnet18 = Create(new ModelSpec("resnet18", 3, 32));
        Assert.Equal(11_173_962, ModelSummary.TotalParameters(resnet18));
    }

    [Fact]
    public void WidthMultiplierScalesChannels()
    {
        using var vgg = Create(new ModelSpec("vgg11", 3, 32, WidthMultiplier: 0.5));
        var convs = vgg.named_modules().Select(m => m.Item2).OfType<Conv2d>().ToList();
        Assert.Equal(new long[] { 32, 64, 128, 128, 256, 256, 256, 256 }, convs.Select(c => c.out_channels));
        Assert.Equal(256, vgg.named_modules().Select(m => m.Item2).OfType<Linear>().Single().in_features);

        using var mlp = Create(new ModelSpec("mlp", WidthMultiplier: 0.5));
        Assert.Equal(
            new long[] { 128, 64, 10 },
            mlp.named_modules().Select(m => m.Item2).OfType<Linear>().Select(l => l.out_features));

        using var resnet = Create(new ModelSpec("resnet18", 3, 32, WidthMultiplier: 0.25));
        var resnetConvs = resnet.named_modules().Select(m => m.Item2).OfType<Conv2d>().ToList();
        Assert.Equal(16, resnetConvs[0].out_channels);
        Assert.Equal(128, resnetConvs[^1].out_channels);

        using var tiny = Create(new ModelSpec("lenet5", WidthMultiplier: 0.01));
        Assert.All(tiny.named_modules().Select(m => m.Item2).OfType<Conv2d>(), c => Assert.Equal(1, c.out_channels));
    }
}
