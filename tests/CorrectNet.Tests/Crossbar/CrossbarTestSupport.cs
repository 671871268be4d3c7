using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Crossbar;

/// <summary>Tiny seeded models, reference quantizers and small statistics helpers for the crossbar tests.</summary>
internal static class CrossbarTestSupport
{
    /// <summary>
    /// conv (3→5, 3×3, pad 1) → ReLU → flatten → fc (180 → 4), every parameter N(0, 0.3²) from <paramref name="seed"/>.
    /// </summary>
    public static Sequential SmallConvNet(long seed, int side = 6)
    {
        zeros(1).Dispose();
        var net = nn.Sequential(
            ("conv", nn.Conv2d(3, 5, 3, padding: 1)),
            ("relu", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(5 * side * side, 4)));
        Fill(net, seed, 0.3);
        net.eval();
        return net;
    }

    /// <summary>
    /// conv (<paramref name="inChannels"/>→4, 3×3, pad 1) → "bn" BatchNorm → ReLU → flatten → fc (4·side² → 3), every
    /// parameter N(0, 0.3²) from <paramref name="seed"/>; the caller sets the running statistics it needs.
    /// </summary>
    public static Sequential ConvBatchNormNet(long seed, int inChannels, int side)
    {
        zeros(1).Dispose();
        var net = nn.Sequential(
            ("conv", nn.Conv2d(inChannels, 4, 3, padding: 1)),
            ("bn", nn.BatchNorm2d(4)),
            ("relu", nn.ReLU()),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(4 * side * side, 3)));
        Fill(net, seed, 0.3);
        net.eval();
        return net;
    }

    public static BatchNorm2d Norm(nn.Module model) => model.modules().OfType<BatchNorm2d>().Single();

    /// <summary>
    /// One Linear layer named "fc", weights N(0, scale²) (or |N| when <paramref name="positive"/>), bias from the same
    /// stream.
    /// </summary>
    public static Sequential SingleLinear(
        long seed,
        int inFeatures,
        int outFeatures,
        bool positive = false,
        double scale = 0.3)
    {
        zeros(1).Dispose();
        var net = nn.Sequential(("fc", nn.Linear(inFeatures, outFeatures)));
        Fill(net, seed, scale);
        if (positive)
            using (no_grad())
                Linear(net, "fc").weight!.abs_();
        net.eval();
        return net;
    }

    public static void Fill(nn.Module model, long seed, double scale)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        using var _ = no_grad();
        foreach (var p in model.parameters())
        {
            using var scope = NewDisposeScope();
            p.copy_(randn(p.shape, generator: generator) * scale);
        }
    }

    public static Conv2d Conv(nn.Module model, string name) => (Conv2d)Module(model, name);

    public static Linear Linear(nn.Module model, string name) => (Linear)Module(model, name);

    public static nn.Module Module(nn.Module model, string name) =>
        model.named_modules().First(m => m.name == name).module;

    /// <summary>A detached copy of the layer's current weight.</summary>
    public static Tensor WeightOf(nn.Module model, string name) => Module(model, name) switch
    {
        Conv2d c => c.weight!.detach().clone(),
        Linear l => l.weight!.detach().clone(),
        var m => throw new ArgumentException($"{name} is a {m.GetType().Name}"),
    };

    /// <summary>
    /// F11 reference: q = clamp(round(W / s), ±qmax), s = max|W| / qmax (per layer or per output channel,
    /// shape (out, 1)); an all-zero channel gets s = 1/qmax (any scale maps it to q = 0).
    /// </summary>
    public static (Tensor Q, Tensor Scale) Quantize(Tensor weight2d, int bits, bool perChannel)
    {
        float qmax = (float)(Math.Pow(2, bits - 1) - 1);
        var maxAbs = perChannel
            ? weight2d.abs().amax([1], keepdim: true)
            : weight2d.abs().max().reshape(1, 1).expand(weight2d.shape[0], 1);
        maxAbs = maxAbs.where(maxAbs > 0, 1f);
        var scale = maxAbs / qmax;
        var q = (weight2d / scale).round().clamp(-qmax, qmax);
        return (q, scale);
    }

    /// <summary>
    /// F16 reference: integer DAC codes over the batch range, signed (symmetric) when any input is negative.
    /// </summary>
    public static (Tensor Codes, double Step) InputCodes(Tensor x, int bits)
    {
        bool signed = x.min().item<float>() < 0;
        double maxCode = signed ? Math.Pow(2, bits - 1) - 1 : Math.Pow(2, bits) - 1;
        double step = x.abs().max().item<float>() / maxCode;
        return ((x / step).round().clamp(signed ? -maxCode : 0, maxCode), step);
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        using var d = (a - b).abs().max().to_type(ScalarType.Float64);
        return d.item<double>();
    }

    public static bool BitIdentical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static double[] ToDoubles(Tensor t)
    {
        using var flat = t.detach().flatten().to_type(ScalarType.Float64).cpu();
        return flat.data<double>().ToArray();
    }

    public static double Mean(IReadOnlyList<double> x) => x.Average();

    /// <summary>Unbiased sample variance.</summary>
    public static double Variance(IReadOnlyList<double> x)
    {
        double m = x.Average();
        return x.Sum(v => (v - m) * (v - m)) / (x.Count - 1);
    }

    /// <summary>
    /// Standard normal CDF, Φ(x) = ½ erfc(−x/√2), erfc by the Numerical Recipes Chebyshev fit (fractional error &lt;
    /// 1.2e-7).
    /// </summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    // Numerical Recipes erfc (Chebyshev), fractional error < 1.2e-7.
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
            + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>One-sample Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)|.</summary>
    public static double KolmogorovSmirnov(IReadOnlyList<double> samples, Func<double, double> cdf)
    {
        var sorted = samples.Order().ToArray();
        int n = sorted.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }

    /// <summary>Records a module's output after earlier hooks (the crossbar's) have replaced it.</summary>
    public sealed class OutputCapture : IDisposable
    {
        private readonly nn.HookableModule<
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>,
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor>>.HookRemover _remover;
        public Tensor? Output { get; private set; }

        public OutputCapture(nn.Module model, string name) =>
            _remover = ((nn.Module<Tensor, Tensor>)Module(model, name)).register_forward_hook((_, _, output) =>
            {
                Output?.Dispose();
                Output = output.detach().clone().DetachFromDisposeScope();
                return output;
            });

        public void Dispose()
        {
            _remover.remove();
            Output?.Dispose();
        }
    }
}
