using CorrectNet.Experiments.Caching;
using CorrectNet.Models;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>The penalty over a model's analog layers, BatchNorm folded (docs/method.md F22–F25).</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class LipschitzPenaltyModelTests
{
    private static readonly long[] InputShape = [3, 6, 6];

    /// <summary>conv (3→4, 3×3, pad 1) → bn → ReLU → conv2 (4→5, 3×3) → ReLU → flatten → fc (80 → 3); seeded, BN
    /// non-trivial.</summary>
    private static Sequential ConvBnNet()
    {
        zeros(1).Dispose();
        var net = nn.Sequential(
            ("conv", nn.Conv2d(3, 4, 3, padding: 1)),
            ("bn", nn.BatchNorm2d(4)),
            ("relu", nn.ReLU()),
            ("conv2", nn.Conv2d(4, 5, 3)),
            ("relu2", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(5 * 4 * 4, 3)));
        CrossbarTestSupport.Fill(net, seed: 17, scale: 0.3);
        var bn = Bn(net);
        using (no_grad())
        {
            bn.weight!.copy_(tensor(new[] { 0.5f, 1.5f, 2f, 3f }));
            bn.running_var!.copy_(tensor(new[] { 0.25f, 1f, 4f, 0.5f }));
        }
        return net;
    }

    private static BatchNorm2d Bn(nn.Module net) => (BatchNorm2d)CrossbarTestSupport.Module(net, "bn");

    /// <summary>Independent float64 reference: W̃ (BN-folded when given), smaller Gram, Σ(G − λ²I)².</summary>
    private static double Reference(nn.Module net, string layer, double lambda, string? norm = null)
    {
        using var scope = NewDisposeScope();
        var w = CrossbarTestSupport.WeightOf(net, layer).to_type(ScalarType.Float64);
        var w2d = w.reshape(w.shape[0], -1);
        if (norm is not null)
        {
            var bn = (BatchNorm2d)CrossbarTestSupport.Module(net, norm);
            var gamma = bn.weight!.detach().to_type(ScalarType.Float64);
            var variance = bn.running_var!.detach().to_type(ScalarType.Float64);
            w2d = w2d * (gamma / (variance + bn.eps).sqrt()).unsqueeze(1);
        }
        var gram = w2d.shape[0] <= w2d.shape[1] ? w2d.matmul(w2d.t()) : w2d.t().matmul(w2d);
        var identity = eye(gram.shape[0], dtype: ScalarType.Float64) * (lambda * lambda);
        return (gram - identity).pow(2).sum().item<double>();
    }

    private static double Value(LipschitzPenalty penalty)
    {
        using var r = penalty.Compute();
        return r.item<float>();
    }

    [Fact]
    public void FindsAndFoldsTheBatchNormAfterAConvolution()
    {
        using var net = ConvBnNet();
        var config = new LipschitzConfig
        {
            Kind = LipschitzKind.Enhanced,
            Beta = 0.1,
            Sigma = 0.5,
            BatchNorm = BatchNormInPenalty.Folded,
        };
        var penalty = new LipschitzPenalty(net, config, InputShape);

        Assert.Equal([("conv", "bn"), ("conv2", null), ("fc", null)], penalty.Layers);
        double lambda = LipschitzTarget.Lambda(0.5);
        double expected = 0.1 * (Reference(net, "conv", lambda, "bn") + Reference(net, "conv2", lambda)
            + Reference(net, "fc", lambda));
        // Float32 sums of a few hundred terms against a float64 reference: relative 1e-5 is ample.
        Assert.Equal(expected, Value(penalty), expected * 1e-5);
        // Folding matters here (γ/σ ranges from 1 to ~4.2), so the unfolded value is far off.
        double unfolded = 0.1 * (Reference(net, "conv", lambda) + Reference(net, "conv2", lambda)
            + Reference(net, "fc", lambda));
        Assert.True(Math.Abs(unfolded - expected) > 0.01 * expected,
            $"Folding changed nothing: {unfolded} vs {expected}.");

        // Changing BN's γ (and its running variance) changes the penalty, and the penalty follows the live values.
        using (no_grad()) Bn(net).weight!.mul_(2);
        double afterGamma = Value(penalty);
        Assert.NotEqual(expected, afterGamma, 6);
        double expectedAfter = 0.1 * (Reference(net, "conv", lambda, "bn") + Reference(net, "conv2", lambda)
            + Reference(net, "fc", lambda));
        Assert.Equal(expectedAfter, afterGamma, expectedAfter * 1e-5);
        using (no_grad()) Bn(net).running_var!.mul_(3);
        Assert.NotEqual(afterGamma, Value(penalty), 6);
    }

    [Fact]
    public void RawModeSeesTheUnfoldedWeightAndLeavesGammaFree()
    {
        using var net = ConvBnNet();
        // Raw is the default
        var config = new LipschitzConfig { Kind = LipschitzKind.Enhanced, Beta = 0.1, Sigma = 0.5 };
        var penalty = new LipschitzPenalty(net, config, InputShape);

        Assert.Equal([("conv", null), ("conv2", null), ("fc", null)], penalty.Layers);
        double lambda = LipschitzTarget.Lambda(0.5);
        double expected = 0.1 * (Reference(net, "conv", lambda) + Reference(net, "conv2", lambda)
            + Reference(net, "fc", lambda));
        Assert.Equal(expected, Value(penalty), expected * 1e-5);
        using (var r = penalty.Compute()) r.backward();
        Assert.Null(Bn(net).weight!.grad); // γ is not in the penalty's graph
        using (no_grad()) Bn(net).weight!.mul_(2);
        Assert.Equal(expected, Value(penalty), expected * 1e-5);
    }

    [Fact]
    public void TheDefaultRawModeIsLeftOutOfTheJsonSoKeysOfNetworksWithoutBatchNormHold()
    {
        var raw = new LipschitzConfig { Kind = LipschitzKind.Enhanced };
        Assert.Equal("""{"kind":"enhanced","beta":0.01,"sigma":0.5,"excluded_layers":[]}""", JsonFormat.Serialize(raw));
        var folded = raw with { BatchNorm = BatchNormInPenalty.Folded };
        Assert.Equal(
            """{"kind":"enhanced","beta":0.01,"sigma":0.5,"excluded_layers":[],"batch_norm":"folded"}""",
            JsonFormat.Serialize(folded));
        Assert.NotEqual(folded, raw);
        Assert.NotEqual(
            ResultCache.KeyOf(new TrainingConfig { Lipschitz = folded }),
            ResultCache.KeyOf(new TrainingConfig { Lipschitz = raw }));
    }

    [Fact]
    public void GradientReachesTheWeightsAndGamma()
    {
        using var net = ConvBnNet();
        var penalty = new LipschitzPenalty(
            net,
            new LipschitzConfig { Kind = LipschitzKind.Parseval, Beta = 1, BatchNorm = BatchNormInPenalty.Folded },
            InputShape);
        using var r = penalty.Compute();
        r.backward();
        foreach (var name in new[] { "conv", "conv2", "fc" })
        {
            using var g = CrossbarTestSupport.Module(net, name) is Conv2d c
                ? c.weight!.grad!.abs().sum()
                : ((Linear)CrossbarTestSupport.Module(net, name)).weight!.grad!.abs().sum();
            Assert.True(g.item<float>() > 0, $"No penalty gradient on {name}.");
        }
        Assert.True(Bn(net).weight!.grad!.abs().sum().item<float>() > 0, "No penalty gradient on BN's γ.");
        Assert.Null(Bn(net).running_var!.grad); // the running variance is a statistic, not trained
    }

    [Fact]
    public void ExcludedLayersAreLeftOut()
    {
        using var net = ConvBnNet();
        var config = new LipschitzConfig
        {
            Kind = LipschitzKind.Parseval,
            Beta = 0.5,
            ExcludedLayers = ["conv2", "fc"],
            BatchNorm = BatchNormInPenalty.Folded,
        };
        var penalty = new LipschitzPenalty(net, config, InputShape);

        Assert.Equal([("conv", "bn")], penalty.Layers);
        double expected = 0.5 * Reference(net, "conv", 1.0, "bn");
        Assert.Equal(expected, Value(penalty), expected * 1e-5);

        var withoutConv = new LipschitzPenalty(net, config with { ExcludedLayers = ["conv"] }, InputShape);
        Assert.Equal([("conv2", null), ("fc", null)], withoutConv.Layers);
        double expectedWithout = 0.5 * (Reference(net, "conv2", 1.0) + Reference(net, "fc", 1.0));
        Assert.Equal(expectedWithout, Value(withoutConv), expectedWithout * 1e-5);
    }

    [Fact]
    public void UnknownExcludedNamesThrowNamingThem()
    {
        using var net = ConvBnNet();
        var config = new LipschitzConfig
        {
            Kind = LipschitzKind.Parseval,
            ExcludedLayers = ["conv", "conv9", "bn", "features.0"],
        };

        var e = Assert.Throws<ArgumentException>(() => new LipschitzPenalty(net, config, InputShape));

        Assert.Contains("conv9", e.Message);
        Assert.Contains("features.0", e.Message);
        Assert.Contains("bn", e.Message); // a BatchNorm is not an analog layer
        Assert.Contains("layers: conv, conv2, fc", e.Message); // the valid names are listed
    }

    [Fact]
    public void NoneOrZeroBetaGivesZero()
    {
        using var net = ConvBnNet();
        foreach (var config in new[]
                 {
                     LipschitzConfig.None,
                     new LipschitzConfig { Kind = LipschitzKind.None, Beta = 5 },
                     new LipschitzConfig { Kind = LipschitzKind.Enhanced, Beta = 0 },
                 })
        {
            var penalty = new LipschitzPenalty(net, config, InputShape);
            using var r = penalty.Compute();
            Assert.Equal(0f, r.item<float>());
            Assert.Equal(0, r.dim());
        }
    }

    [Fact]
    public void ConstructionLeavesEveryModulesModeAlone()
    {
        using var net = ConvBnNet();
        net.train();
        _ = new LipschitzPenalty(net, new LipschitzConfig { Kind = LipschitzKind.Parseval }, InputShape);
        Assert.True(net.training);
        Assert.True(Bn(net).training);
        // The dummy pass runs in eval mode: BN's running statistics are untouched.
        Assert.Equal([0.25f, 1f, 4f, 0.5f], Bn(net).running_var!.data<float>().ToArray());

        // A frozen BatchNorm (eval) inside a training model stays frozen, and vice versa.
        Bn(net).eval();
        _ = new LipschitzPenalty(net, new LipschitzConfig { Kind = LipschitzKind.Parseval }, InputShape);
        _ = SpectralNorms.Estimate(net, InputShape, iterations: 2);
        Assert.True(net.training);
        Assert.False(Bn(net).training);
        net.eval();
        Bn(net).train();
        _ = new LipschitzPenalty(net, new LipschitzConfig { Kind = LipschitzKind.Parseval }, InputShape);
        _ = SpectralNorms.Estimate(net, InputShape, iterations: 2);
        Assert.False(net.training);
        Assert.True(Bn(net).training);
        Assert.Equal([0.25f, 1f, 4f, 0.5f], Bn(net).running_var!.data<float>().ToArray());
    }

    public static TheoryData<string, int> ZooModels => new() { { "vgg11", 32 }, { "resnet18", 8 } };

    [Theory]
    [MemberData(nameof(ZooModels))]
    public void PairsEveryConvolutionOfTheZooWithItsBatchNorm(string name, int side)
    {
        zeros(1).Dispose();
        using var model = ModelZoo.Create(new ModelSpec(name, InChannels: 3, ImageSize: side, WidthMultiplier: 0.125));
        var penalty = new LipschitzPenalty(
            model,
            new LipschitzConfig { Kind = LipschitzKind.Parseval, BatchNorm = BatchNormInPenalty.Folded },
            [3, side, side]);

        var convs = model.named_modules().Where(m => m.module is Conv2d).Select(m => m.name).ToList();
        Assert.NotEmpty(convs);
        foreach (var conv in convs)
        {
            var (_, norm) = Assert.Single(penalty.Layers, l => l.Layer == conv);
            // VGG: convK → bnK; ResNet: conv1 → bn1, a.b.convK → a.b.bnK, a.b.shortcut → a.b.shortcut_bn.
            string expected = conv.EndsWith("shortcut") ? conv + "_bn" : conv[..^"convK".Length] + "bn" + conv[^1];
            Assert.Equal(expected, norm);
        }
        var linear = Assert.Single(penalty.Layers, l => !convs.Contains(l.Layer));
        Assert.Null(linear.FoldedNorm);
    }
}
