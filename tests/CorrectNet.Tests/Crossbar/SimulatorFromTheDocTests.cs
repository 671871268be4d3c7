using CorrectNet.Crossbar;
using TorchSharp;
using static CorrectNet.Tests.Crossbar.CrossbarTestSupport;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>
/// The simulator written again from docs/method.md alone (the preset table, F11–F17a, F35), in plain float and double
/// arithmetic; torch and the kit's NormalStream serve only as the normal samplers the doc names (F35). Two layers
/// (fc1: 300 → 6, three 128-row tiles, signed inputs; ReLU; fc2: 6 → 3, unsigned inputs), so the calibration order of
/// F17a is exercised too.
/// </summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class SimulatorFromTheDocTests
{
    private const int Inputs = 300, Hidden = 6, Classes = 3;
    private const long ChipSeed = 5, ChipIndex = 2;
    private const double Sigma = 0.5, AdcNoise = 0.5;

    private sealed record Layer(float[,] W, float[] B);

    [Fact]
    public void RramPresetOnAChipWithAdcNoiseMatchesTheDocCodeForCode()
    {
        var (net, calibration, batch) = Setup();
        using var owner = net;
        var rram = CrossbarConfig.Rram(Sigma);
        var config = rram with { Hardware = rram.Hardware with { AdcNoiseLsb = AdcNoise } };
        var fc1 = Read(net, "fc1");
        var fc2 = Read(net, "fc2");

        // F17a: forward order; fc1 calibrates on the images, fc2 on fc1's calibrated ideal output after the ReLU.
        var cal1 = RramLayer.Calibrate(fc1, calibration);
        float[,] hidden = Relu(cal1.Forward(calibration, chip: false, layerIndex: 0, out _));
        var cal2 = RramLayer.Calibrate(fc2, hidden);
        int ambiguous1, ambiguous2;
        float[,] expected = cal2.Forward(
            Relu(cal1.Forward(batch, chip: true, layerIndex: 0, out ambiguous1)), chip: true, layerIndex: 1,
            out ambiguous2);
        // The premise of an exact comparison: no conversion lies within float32 rounding of a code boundary, where
        // libtorch's summation order (not the doc) decides the code (docs/method.md F17, "rounding in float32").
        Assert.Equal(0, ambiguous1 + ambiguous2);
        // What makes the comparison mean something: Δ > 1 in both layers (1/Δ folded into the kernel, not the clamp),
        // and the ADC noise moves outputs (a kit that ignored it would fail).
        Assert.True(cal1.Delta > 1 && cal2.Delta > 1, $"Δ = {cal1.Delta}, {cal2.Delta}");
        float[,] quiet = cal2.Forward(
            Relu(cal1.Forward(batch, chip: true, layerIndex: 0, out _, noiseLsb: 0)), chip: true, layerIndex: 1,
            out _, noiseLsb: 0);
        Assert.NotEqual(Flatten(expected), Flatten(quiet));

        using var analog = AnalogConversion.ToAnalog(net, config, [1, 1, Inputs], ToTensor(calibration));
        Assert.Equal(cal1.FullScale, analog.Layers[0].AdcFullScale);
        Assert.Equal(cal2.FullScale, analog.Layers[1].AdcFullScale);
        Assert.Equal(cal1.DacRange, analog.Layers[0].DacRange);
        Assert.Equal(cal2.DacRange, analog.Layers[1].DacRange);
        analog.UseChip(new Chip(ChipSeed, ChipIndex));
        using var input = ToTensor(batch);
        using (no_grad())
        {
            using var actual = analog.Forward(input);
            Assert.Equal(Flatten(expected), actual.data<float>().ToArray());
        }
    }

    [Fact]
    public void LognormalPresetOnAChipMatchesTheDocWeightForWeight()
    {
        var (net, _, batch) = Setup();
        using var owner = net;
        var fc1 = Read(net, "fc1");
        var fc2 = Read(net, "fc2");
        float[,] w1 = FloatModelWeight(fc1.W, layerIndex: 0), w2 = FloatModelWeight(fc2.W, layerIndex: 1);

        using var analog = AnalogConversion.ToAnalog(net, CrossbarConfig.Lognormal(Sigma), [1, 1, Inputs]);
        analog.UseChip(new Chip(ChipSeed, ChipIndex));
        // e^θ in libtorch's vectorized exp and in Math.Exp may differ in the last bit: 2 ulp of float32.
        AssertWithinUlps(w1, Linear(net, "fc1").weight!);
        AssertWithinUlps(w2, Linear(net, "fc2").weight!);
        float[,] expected = Dense(Relu(Dense(batch, w1, fc1.B)), w2, fc2.B);
        using var input = ToTensor(batch);
        using (no_grad())
        {
            using var actual = analog.Forward(input);
            float[] got = actual.data<float>().ToArray(), want = Flatten(expected);
            for (int i = 0; i < want.Length; i++) Assert.Equal(want[i], got[i], 4);
        }
    }

    /// <summary>F9/F14 float model: one device g0 = |w|/s, s = max|W|, g = g0·e^(σz); w' = (s·sign w)·g.</summary>
    private static float[,] FloatModelWeight(float[,] w, int layerIndex)
    {
        int rows = w.GetLength(0), cols = w.GetLength(1);
        float scale = MaxAbs(w);
        float[] z = Normal(StreamSeed(layerIndex, stream: 1), [1, 1, rows, cols]);
        var result = new float[rows, cols];
        for (int o = 0; o < rows; o++)
        {
            for (int i = 0; i < cols; i++)
            {
                float g0 = Math.Abs(w[o, i]) / scale;
                float g = (float)Math.Exp(z[o * cols + i] * (float)Sigma) * g0;
                result[o, i] = scale * Math.Sign(w[o, i]) * g;
            }
        }
        return result;
    }

    /// <summary>One Linear layer on the rram preset (b_w 8, b_c 2, R 128, b_a 8, b_adc 8), from the doc.</summary>
    private sealed class RramLayer
    {
        private const int Slices = 4, Rows = 128;
        private readonly Layer _layer;
        private readonly float _scale;
        private readonly int[,,,] _digits; // (polarity, slice, out, row)

        private RramLayer(Layer layer, float[,] calibrationInput)
        {
            _layer = layer;
            int outs = layer.W.GetLength(0), rows = layer.W.GetLength(1);
            // F11: s = max|W| / 127 in float32; q = round half to even, clamped to ±127.
            _scale = MaxAbs(layer.W) / 127f;
            _digits = new int[2, Slices, outs, rows];
            for (int o = 0; o < outs; o++)
            {
                for (int i = 0; i < rows; i++)
                {
                    int q = (int)Math.Clamp(MathF.Round(layer.W[o, i] / _scale, MidpointRounding.ToEven), -127, 127);
                    for (int s = 0; s < Slices; s++)
                    {
                        _digits[0, s, o, i] = (Math.Max(q, 0) >> (2 * s)) & 3; // F12–F13: low slice first
                        _digits[1, s, o, i] = (Math.Max(-q, 0) >> (2 * s)) & 3;
                    }
                }
            }
            // F16: range = max |input| of the calibration batch; signed when any input is negative.
            DacRange = MaxAbs(calibrationInput);
            Signed = Min(calibrationInput) < 0;
            MaxCode = Signed ? 127 : 255;
            // F17a: M = max |P| of the ideal partial sums over the batch, tiles and columns; Δ = M / steps, ≥ 1.
            int[,] codes = DacCodes(calibrationInput);
            long max = 0;
            for (int n = 0; n < codes.GetLength(0); n++)
                foreach (var (first, count) in Tiles(rows))
                    for (int p = 0; p < 2; p++)
                        for (int s = 0; s < Slices; s++)
                            for (int o = 0; o < outs; o++)
                            {
                                long sum = 0;
                                for (int i = first; i < first + count; i++)
                                    sum += (long)codes[n, i] * _digits[p, s, o, i];
                                max = Math.Max(max, Math.Abs(sum));
                            }
            FullScale = max;
            Steps = Signed ? 127.5 : 255;
            Delta = Math.Max(max > 0 ? max / Steps : 1, 1);
        }

        public double DacRange { get; }
        public bool Signed { get; }
        public int MaxCode { get; }
        public double FullScale { get; }
        public double Steps { get; }
        public double Delta { get; }
        private double Step => DacRange / MaxCode;

        public static RramLayer Calibrate(Layer layer, float[,] input) => new(layer, input);

        private static IEnumerable<(int First, int Count)> Tiles(int rows)
        {
            for (int first = 0; first < rows; first += Rows) yield return (first, Math.Min(Rows, rows - first));
        }

        private int[,] DacCodes(float[,] a)
        {
            var codes = new int[a.GetLength(0), a.GetLength(1)];
            float step = (float)Step;
            for (int n = 0; n < a.GetLength(0); n++)
                for (int i = 0; i < a.GetLength(1); i++)
                    codes[n, i] = (int)Math.Clamp(
                        MathF.Round(a[n, i] / step, MidpointRounding.ToEven), Signed ? -MaxCode : 0, MaxCode);
            return codes;
        }

        /// <summary>
        /// F14–F17 on a chip (device stream 1, ADC noise stream 3 of the layer) or on the ideal devices (no noise).
        /// Counts the conversions whose code float32 rounding could change (within 1e-4 of a boundary).
        /// </summary>
        public float[,] Forward(float[,] a, bool chip, int layerIndex, out int ambiguous, double noiseLsb = AdcNoise)
        {
            int batch = a.GetLength(0), outs = _layer.W.GetLength(0), rows = _layer.W.GetLength(1);
            int columns = 2 * Slices * outs;
            var g = new float[2, Slices, outs, rows];
            float[] z = chip ? Normal(StreamSeed(layerIndex, stream: 1), [2, Slices, outs, rows]) : [];
            for (int p = 0, k = 0; p < 2; p++)
                for (int s = 0; s < Slices; s++)
                    for (int o = 0; o < outs; o++)
                        for (int i = 0; i < rows; i++, k++)
                            g[p, s, o, i] = chip
                                ? (float)Math.Exp(z[k] * (float)Sigma) * _digits[p, s, o, i]
                                : _digits[p, s, o, i];
            int[,] x = DacCodes(a);
            float inverse = (float)(1 / Delta);
            double low = Signed ? -128 : 0, high = Signed ? 127 : 255;
            var total = new long[batch, outs];
            ambiguous = 0;
            var noise = new NormalStream(StreamSeed(layerIndex, stream: 3));
            foreach (var (first, count) in Tiles(rows))
            {
                // One normal draw per conversion, (images, polarity·slice·out), tile after tile (one chunk here).
                float[] n = new float[batch * columns];
                if (chip) noise.Fill(n);
                for (int b = 0; b < batch; b++)
                {
                    for (int p = 0, c = 0; p < 2; p++)
                    {
                        for (int s = 0; s < Slices; s++)
                        {
                            for (int o = 0; o < outs; o++, c++)
                            {
                                // p/Δ + ½ with the kernel g·(1/Δ) in float32, as the kit folds it; summed exactly.
                                double v = 0.5;
                                for (int i = first; i < first + count; i++)
                                    v += x[b, i] * (double)(g[p, s, o, i] * inverse);
                                v += (float)noiseLsb * (double)n[b * columns + c];
                                double code = Math.Clamp(Math.Floor(v), low, high);
                                double below = Math.Clamp(Math.Floor(v - 1e-4), low, high);
                                if (below != Math.Clamp(Math.Floor(v + 1e-4), low, high)) ambiguous++;
                                total[b, o] += (p == 0 ? 1 : -1) * (1L << (2 * s)) * (long)code;
                            }
                        }
                    }
                }
            }
            // y = codes · (s_w · (Δ · s_a)) + bias, each product rounded to float32 as the kit does.
            float unit = _scale * (float)(Delta * Step);
            var y = new float[batch, outs];
            for (int b = 0; b < batch; b++)
                for (int o = 0; o < outs; o++) y[b, o] = (float)total[b, o] * unit + _layer.B[o];
            return y;
        }
    }

    // F35: chip k of seed s, layer l, stream t draws from a generator seeded by SplitMix64 of (s, k, l, t).
    private static ulong StreamSeed(int layerIndex, int stream) =>
        Mix(Mix(Mix((ulong)ChipSeed) ^ (ulong)ChipIndex) ^ ((ulong)(uint)layerIndex << 8 | (uint)stream));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static float[] Normal(ulong seed, long[] shape)
    {
        using var generator = new Generator(seed);
        using var draws = randn(shape, generator: generator, dtype: ScalarType.Float32);
        return draws.data<float>().ToArray();
    }

    private static (TorchSharp.Modules.Sequential Net, float[,] Calibration, float[,] Batch) Setup()
    {
        zeros(1).Dispose();
        var net = nn.Sequential(
            ("fc1", nn.Linear(Inputs, Hidden)), ("relu", nn.ReLU()), ("fc2", nn.Linear(Hidden, Classes)));
        Fill(net, seed: 41, scale: 0.3);
        net.eval();
        using var generator = new Generator(43);
        using var calibration = randn([32, Inputs], generator: generator);
        using var batch = randn([4, Inputs], generator: generator);
        return (net, ToArray(calibration), ToArray(batch));
    }

    private static Layer Read(nn.Module model, string name)
    {
        var layer = Linear(model, name);
        using var w = layer.weight!.detach().clone();
        return new Layer(ToArray(w), layer.bias!.detach().data<float>().ToArray());
    }

    private static float[,] ToArray(Tensor t)
    {
        var data = t.data<float>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var result = new float[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) result[r, c] = data[r * cols + c];
        return result;
    }

    private static Tensor ToTensor(float[,] a) => tensor(Flatten(a), [a.GetLength(0), a.GetLength(1)]);

    private static float[] Flatten(float[,] a) => [.. a.Cast<float>()];

    private static float MaxAbs(float[,] a) => a.Cast<float>().Max(Math.Abs);

    private static float Min(float[,] a) => a.Cast<float>().Min();

    private static float[,] Relu(float[,] a)
    {
        var result = (float[,])a.Clone();
        for (int r = 0; r < a.GetLength(0); r++)
            for (int c = 0; c < a.GetLength(1); c++) result[r, c] = Math.Max(0, a[r, c]);
        return result;
    }

    private static float[,] Dense(float[,] a, float[,] w, float[] b)
    {
        var result = new float[a.GetLength(0), w.GetLength(0)];
        for (int n = 0; n < a.GetLength(0); n++)
        {
            for (int o = 0; o < w.GetLength(0); o++)
            {
                double sum = b[o];
                for (int i = 0; i < w.GetLength(1); i++) sum += (double)a[n, i] * w[o, i];
                result[n, o] = (float)sum;
            }
        }
        return result;
    }

    private static void AssertWithinUlps(float[,] expected, Tensor actual)
    {
        float[] got = actual.detach().data<float>().ToArray(), want = Flatten(expected);
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
        {
            float ulp = MathF.BitIncrement(Math.Abs(want[i])) - Math.Abs(want[i]);
            Assert.True(Math.Abs(got[i] - want[i]) <= 2 * ulp, $"weight {i}: kit {got[i]:R}, doc {want[i]:R}");
        }
    }
}
