using CorrectNet.Crossbar;
using CorrectNet.Models;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// The chunk size bounds memory only: every layer's DAC and ADC ranges are final before its calibrated output is formed
/// (docs/method.md F17a), so calibration, the ideal outputs and a chip's outputs do not depend on it.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class CalibrationChunkingTests
{
    private sealed record Run(double[] DacRanges, double[] AdcFullScales, Tensor Ideal, Tensor OnChip) : IDisposable
    {
        public void Dispose()
        {
            Ideal.Dispose();
            OnChip.Dispose();
        }
    }

    private static Run Calibrate(
        nn.Module<Tensor, Tensor> net, CrossbarConfig config, Tensor calibration, Tensor batch, long chunkElements)
    {
        using var analog = AnalogConversion.ToAnalog(net, config, [1, 28, 28]);
        foreach (var layer in analog.Layers) layer.MaxPartialSumElements = chunkElements;
        analog.Calibrate(calibration);
        using var _ = no_grad();
        net.eval();
        var ideal = analog.Forward(batch).detach().clone();
        analog.UseChip(new Chip(3, 1));
        var onChip = analog.Forward(batch).detach().clone();
        return new Run(
            analog.Layers.Select(l => l.DacRange).ToArray(),
            analog.Layers.Select(l => l.AdcFullScale).ToArray(),
            ideal, onChip);
    }

    [Theory]
    [InlineData(false, false)] // the rram preset as it is
    [InlineData(true, false)]  // bit-serial inputs: 7 or 8 cycles per image multiply the partial sums
    [InlineData(false, true)]  // percentile full scale: the strided sample must not depend on the chunks
    public void RangesAndOutputsDoNotDependOnTheChunkSize(bool bitSerial, bool percentile)
    {
        var rram = CrossbarConfig.Rram(0.3);
        var config = rram with
        {
            Hardware = rram.Hardware with
            {
                BitSerialInput = bitSerial,
                AdcCalibration = percentile ? AdcCalibration.Percentile : AdcCalibration.Max,
            },
        };
        torch.manual_seed(21);
        using var net = ModelZoo.Create(new ModelSpec("lenet5"));
        using var generator = new Generator(22);
        // 64 calibration images. The default bound gives conv1 (P·S·6·784 partial sums per image and tile) a few
        // chunks; 1 << 12 gives one image per chunk in the conv layers and a few per chunk in fc1–fc3; 50 000 splits
        // every layer differently again (uneven last chunks).
        using var calibration = randn([64, 1, 28, 28], generator: generator);
        using var batch = randn([16, 1, 28, 28], generator: generator);
        // Compared bit for bit, no tolerance: the ranges are maxima (exact in any order) of the partial sums and of
        // |input| over the whole batch, and an image's conv/matmul output in torch's CPU kernels (OMP_NUM_THREADS=1)
        // does not depend on which images share its chunk. A tolerance would hide a one-code flip
        // (s_w·s_a·Δ·4^k in output units, 64·s_w·s_a·Δ in the top slice), the kind of error this guards against.
        // With several threads a kernel's summation order can follow the batch size, so outputs could differ in the
        // last bit for that reason alone (seen in CI's percentile case); the collection runs alone, so this is safe.
        int threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
            using var reference =
                Calibrate(net, config, calibration, batch, AnalogLayer.DefaultMaxPartialSumElements);
            Assert.All(reference.AdcFullScales, m => Assert.True(m > 0));
            foreach (long chunkElements in new[] { 1L << 12, 50_000L })
            {
                using var other = Calibrate(net, config, calibration, batch, chunkElements);
                Assert.Equal(reference.DacRanges, other.DacRanges);
                Assert.Equal(reference.AdcFullScales, other.AdcFullScales);
                Assert.True(BitIdentical(reference.Ideal, other.Ideal),
                    $"ideal outputs differ, chunks of {chunkElements}");
                Assert.True(BitIdentical(reference.OnChip, other.OnChip),
                    $"chip outputs differ, chunks {chunkElements}");
            }
        }
        finally { torch.set_num_threads(threads); }
    }
}
