using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests;

/// <summary>Proves the native library loads on this OS (the GLIBCXX build step) and computes correctly.</summary>
public sealed class TorchLoadsTests
{
    [Fact]
    public void Conv2dOfOnesWithOnesKernelSumsTheWindow()
    {
        using var input = ones(1, 1, 4, 4);
        using var kernel = ones(1, 1, 3, 3);
        using var output = nn.functional.conv2d(input, kernel);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, output.shape);
        Assert.All(output.data<float>().ToArray(), v => Assert.Equal(9f, v));
    }
}
