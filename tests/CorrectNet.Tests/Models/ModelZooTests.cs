using CorrectNet.Models;
using static CorrectNet.Tests.Models.ModelTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Models;

public sealed class ModelZooTests
{
    [Theory]
    [InlineData("mlp", 1, 28)]
    [InlineData("mlp", 3, 32)]
    [InlineData("lenet5", 1, 28)]
    [InlineData("lenet5", 3, 32)]
    [InlineData("vgg11", 1, 32)]
    [InlineData("vgg11", 3, 32)]
    [InlineData("vgg16", 1, 32)]
    [InlineData("vgg16", 3, 32)]
    [InlineData("resnet18", 1, 32)]
    [InlineData("resnet18", 3, 32)]
    [InlineData("resnet18", 1, 28)]
    public void EveryModelGivesBatchByClassesLogits(string name, int channels, int size)
    {
        var spec = new ModelSpec(name, channels, size, Classes: 7);
        using var model = Create(spec);
        using var scope = NewDisposeScope();
        var logits = model.call(randn(3, channels, size, size));
        Assert.Equal(new long[] { 3, 7 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void NamesAreTheFiveZooModels() =>
        Assert.Equal(new[] { "mlp", "lenet5", "vgg11", "vgg16", "resnet18" }, ModelZoo.Names);

    [Fact]
    public void UnknownNameThrowsListingTheKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelZoo.Create(new ModelSpec("alexnet")));
        Assert.Contains("alexnet", error.Message);
        Assert.All(ModelZoo.Names, name => Assert.Contains(name, error.Message));
        var sizeError = Assert.Throws<ArgumentException>(() => ModelZoo.MinimumImageSize("alexnet"));
        Assert.All(ModelZoo.Names, name => Assert.Contains(name, sizeError.Message));
    }

    [Fact]
    public void NamesAreCaseInsensitive()
    {
        using var model = Create(new ModelSpec("LeNet5"));
        Assert.IsType<LeNet5>(model);
    }

    [Theory]
    [InlineData("vgg11")]
    [InlineData("vgg16")]
    public void VggBelow32PixelsThrowsAskingForPadding(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new ModelSpec(name, ImageSize: 28)));
        Assert.Contains("Pad", error.Message);
        Assert.Contains("PadTo32", error.Message);
        Assert.Equal(32, ModelZoo.MinimumImageSize(name));
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("lenet5")]
    [InlineData("vgg11")]
    [InlineData("resnet18")]
    public void MinimumImageSizeIsHonest(string name)
    {
        int minimum = ModelZoo.MinimumImageSize(name);
        using (var model = Create(new ModelSpec(name, ImageSize: minimum)))
        using (var scope = NewDisposeScope())
            Assert.Equal(new long[] { 2, 10 }, model.call(randn(2, 1, minimum, minimum)).shape);
        if (minimum > 1)
            Assert.Throws<ArgumentException>(() => Create(new ModelSpec(name, ImageSize: minimum - 1)));
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("lenet5")]
    [InlineData("vgg11")]
    [InlineData("vgg16")]
    [InlineData("resnet18")]
    public void SameSeedGivesIdenticalWeightsAndAnotherSeedDoesNot(string name)
    {
        var spec = new ModelSpec(name, ImageSize: 32, WidthMultiplier: 0.25);
        using var first = Create(spec, seed: 42);
        using var second = Create(spec, seed: 42);
        using var third = Create(spec, seed: 43);
        var a = first.state_dict();
        var b = second.state_dict();
        var c = third.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        Assert.All(a.Keys, key => Assert.True(SameValues(a[key], b[key]), key));
        Assert.Contains(a.Keys, key => !SameValues(a[key], c[key]));
    }

    [Fact]
    public void BadSpecsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Create(new ModelSpec("mlp", WidthMultiplier: 0)));
        Assert.Throws<ArgumentException>(() => Create(new ModelSpec("lenet5", Classes: 0)));
        Assert.Throws<ArgumentException>(() => Create(new ModelSpec("resnet18", InChannels: 0)));
    }

    [Theory]
    [InlineData("lenet5")]
    [InlineData("vgg11")]
    [InlineData("resnet18")]
    public void ModelBuiltInsideADisposeScopeOutlivesIt(string name)
    {
        nn.Module<Tensor, Tensor> model;
        using (var scope = NewDisposeScope()) model = Create(new ModelSpec(name, 3, 32, WidthMultiplier: 0.25));
        using (model)
        using (var scope = NewDisposeScope())
        {
            Assert.All(model.parameters(), p => Assert.False(p.IsInvalid));
            Assert.Equal(new long[] { 2, 10 }, model.call(randn(2, 3, 32, 32)).shape);
        }
    }
}
