using CorrectNet.Models;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Training;

/// <summary>Spectral norms of the reshaped weight and of the convolution operator on its feature map.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class SpectralNormTests
{
    // Power iteration converges like (σ₂/σ₁)^(2k); 500 iterations bring any of these seeded random matrices (gap ≥ a
    // few %)
    // to float32 precision, so 1e-3 relative only has to absorb float32 rounding.
    private const int Iterations = 500;
    private const double RelativeTolerance = 1e-3;

    private static double LargestSingularValue(Tensor matrix)
    {
        using var m = matrix.detach().to_type(ScalarType.Float64).cpu();
        using var s = linalg.svdvals(m);
        return s.max().item<double>();
    }

    private static void AssertRelative(double expected, double actual, double tolerance = RelativeTolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            $"Expected {expected}, got {actual}.");

    [Theory]
    [InlineData(4, 9, 1UL)]
    [InlineData(9, 4, 2UL)]
    [InlineData(16, 16, 3UL)]
    [InlineData(1, 30, 4UL)]
    [InlineData(120, 400, 5UL)]
    public void MatrixNormIsTheLargestSingularValue(long rows, long cols, ulong seed)
    {
        using var generator = new Generator(seed);
        using var w = randn([rows, cols], generator: generator) * 0.3;
        using var start = new Generator(11);

        double norm = SpectralNorms.MatrixNorm(w, Iterations, start);

        AssertRelative(LargestSingularValue(w), norm);
    }

    /// <summary>conv (2→3, 3×3, pad 1) → ReLU → conv1x1 (3→4) → ReLU → flatten → fc (4·5·5 → 6), seeded.</summary>
    private static Sequential SmallNet()
    {
        zeros(1).Dispose();
        var net = nn.Sequential(
            ("conv", nn.Conv2d(2, 3, 3, padding: 1)),
            ("relu", nn.ReLU()),
            ("pointwise", nn.Conv2d(3, 4, 1)),
            ("relu2", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(4 * 5 * 5, 6)));
        CrossbarTestSupport.Fill(net, seed: 23, scale: 0.3);
        return net;
    }

    private static double WeightNorm(nn.Module net, string name)
    {
        using var w = CrossbarTestSupport.WeightOf(net, name);
        using var w2d = w.reshape(w.shape[0], -1);
        return LargestSingularValue(w2d);
    }

    [Fact]
    public void EstimatesEveryLayerOfASmallNet()
    {
        using var net = SmallNet();
        var norms = SpectralNorms.Estimate(net, [2, 5, 5], Iterations);

        Assert.Equal(["conv", "pointwise", "fc"], norms.Select(n => n.Layer));
        foreach (var n in norms) AssertRelative(WeightNorm(net, n.Layer), n.MatrixNorm);

        // 3×3 conv: the operator norm on the 5×5 map is at most sqrt(kh·kw)·‖W̃‖₂ (and positive).
        var conv = norms[0];
        Assert.InRange(
            conv.OperatorNorm, 0.1 * conv.MatrixNorm, Math.Sqrt(9) * conv.MatrixNorm * (1 + RelativeTolerance));
        // 1×1 conv, stride 1: the operator is W̃ applied at every pixel, so its norm is ‖W̃‖₂.
        AssertRelative(norms[1].MatrixNorm, norms[1].OperatorNorm);
        // Linear: the operator is W̃ itself.
        Assert.Equal(norms[2].MatrixNorm, norms[2].OperatorNorm);
    }

    /// <summary>The convolution (no bias) as a dense (out·Ho·Wo) × (in·H·W) float64 matrix, column by column.</summary>
    private static Tensor DenseOperator(Conv2d conv, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        long n = inputShape.Aggregate(1L, (a, b) => a * b);
        var basis = eye(n, dtype: ScalarType.Float64).reshape([n, .. inputShape]);
        var weight = conv.weight!.detach().to_type(ScalarType.Float64);
        var columns = nn.functional.conv2d(basis, weight, null, conv.stride, conv.padding, conv.dilation, conv.groups);
        return columns.reshape(n, -1).t().MoveToOuterDisposeScope();
    }

    public static TheoryData<long, long, long, long, long, long> Convolutions => new()
    {
        // in, out, kernel, stride, padding, side
        // LeNet-5's first layer shape (small in-channel 5×5: float32 libtorch kernel is unreliable here)
        { 1, 6, 5, 1, 2, 8 },
        { 2, 6, 5, 1, 0, 9 },
        { 3, 4, 3, 2, 1, 7 },   // stride 2 on an odd side: the adjoint needs output padding
        { 4, 2, 3, 2, 0, 8 },
        { 3, 5, 1, 1, 0, 4 },   // 1×1
    };

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void ConvolutionOperatorNormMatchesTheDenseMatrix(
        long inChannels, long outChannels, long kernel, long stride, long padding, long side)
    {
        zeros(1).Dispose();
        using var net = nn.Sequential(
            ("conv", nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding)));
        CrossbarTestSupport.Fill(net, seed: 29 + inChannels, scale: 0.3);
        long[] shape = [inChannels, side, side];

        var estimate = Assert.Single(SpectralNorms.Estimate(net, shape, Iterations));

        var conv = CrossbarTestSupport.Conv(net, "conv");
        using var dense = DenseOperator(conv, shape);
        double exact = LargestSingularValue(dense);
        AssertRelative(exact, estimate.OperatorNorm);
        AssertRelative(WeightNorm(net, "conv"), estimate.MatrixNorm);
        Assert.True(estimate.OperatorNorm <= Math.Sqrt(kernel * kernel) * estimate.MatrixNorm * (1 + RelativeTolerance),
            $"Operator norm {estimate.OperatorNorm} exceeds sqrt(kh·kw)·‖W̃‖₂ = " +
            $"{Math.Sqrt(kernel * kernel) * estimate.MatrixNorm}.");
    }

    [Fact]
    public void LeNetEstimatesAreFiniteAndRepeatable()
    {
        using var model = TrainingTestData.SeededModel(new ModelSpec("lenet5"), seed: 3);
        var first = SpectralNorms.Estimate(model, [1, 28, 28], iterations: 60, seed: 4);
        var second = SpectralNorms.Estimate(model, [1, 28, 28], iterations: 60, seed: 4);

        Assert.Equal(["conv1", "conv2", "fc1", "fc2", "fc3"], first.Select(n => n.Layer));
        Assert.All(first, n => Assert.True(
            double.IsFinite(n.MatrixNorm) && double.IsFinite(n.OperatorNorm) && n.OperatorNorm > 0, $"{n}"));
        Assert.Equal(first, second);
        // conv1 of LeNet-5 (1→6, 5×5, pad 2, 28×28) checked against the bound; its exact value is checked in the theory
        // above.
        Assert.True(first[0].OperatorNorm <= 5 * first[0].MatrixNorm * (1 + RelativeTolerance), $"{first[0]}");
    }

    [Fact]
    public void BatchNormIsFoldedAsInThePenalty()
    {
        zeros(1).Dispose();
        using var net = nn.Sequential(
            ("conv", nn.Conv2d(2, 3, 3, padding: 1)), ("bn", nn.BatchNorm2d(3)), ("relu", nn.ReLU()));
        CrossbarTestSupport.Fill(net, seed: 31, scale: 0.3);
        var bn = (BatchNorm2d)CrossbarTestSupport.Module(net, "bn");
        using (no_grad())
        {
            bn.weight!.copy_(tensor(new[] { 4f, 0.5f, 1f }));
            bn.running_var!.copy_(tensor(new[] { 0.5f, 2f, 1f }));
        }

        var estimate = Assert.Single(SpectralNorms.Estimate(net, [2, 5, 5], Iterations));

        using var folded = LipschitzPenalty.FoldedWeight(CrossbarTestSupport.Module(net, "conv"), bn).detach();
        AssertRelative(LargestSingularValue(folded), estimate.MatrixNorm);
        Assert.True(Math.Abs(estimate.MatrixNorm - WeightNorm(net, "conv")) > 0.1 * estimate.MatrixNorm,
            "BatchNorm was not folded.");
        // The operator of conv followed by BN's per-channel scale is the convolution with the folded kernel.
        zeros(1).Dispose();
        using var foldedNet = nn.Sequential(("conv", nn.Conv2d(2, 3, 3, padding: 1)));
        using (no_grad()) CrossbarTestSupport.Conv(foldedNet, "conv").weight!.copy_(folded.reshape(3, 2, 3, 3));
        using var dense = DenseOperator(CrossbarTestSupport.Conv(foldedNet, "conv"), [2, 5, 5]);
        AssertRelative(LargestSingularValue(dense), estimate.OperatorNorm);
    }
}
