using System.Diagnostics;
using System.Globalization;
using CorrectNet.Crossbar;
using CorrectNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Benchmarks;

/// <summary>
/// Speed and memory of the Monte-Carlo simulation, on untrained (seeded) models and seeded random images. Every ratio
/// is measured within one run, as the median over repetitions of the ratio of back-to-back (interleaved) timings, so
/// load on a shared machine shifts both sides alike. Page faults (minor faults of /proc/self/stat) are counted beside
/// the times: fresh large tensors are paid for page by page. Progress goes to the optional log, one line a step.
/// </summary>
public static class SimulatorBench
{
    /// <summary>Chips of the memory loop, and the chip after which its growth is measured from.</summary>
    public const int MemoryChips = 100;
    public const int MemoryFirstCheckpoint = 10;
    public const string MemoryModel = "lenet5";

    /// <summary>LeNet-5 passes take milliseconds: it gets this many times more repetitions than VGG-16.</summary>
    public const int LeNetRepeatFactor = 4;

    public static ModelSpec LeNetSpec { get; } = new("lenet5", InChannels: 1, ImageSize: 28, Classes: 10);

    public static ModelSpec VggSpec(double width) =>
        new("vgg16", InChannels: 3, ImageSize: 32, Classes: 10, WidthMultiplier: width);

    /// <summary>
    /// Memory first, while the process holds little else (growth is then not hidden by a large baseline); then the
    /// machine's fp32 matrix-multiply rate; then LeNet-5 and VGG-16 at the settings' width.
    /// </summary>
    public static SimulatorBenchResult Run(BenchSettings s, Action<string>? log = null)
    {
        s.Validate();
        var memory = MeasureMemory(s, log);
        var mm = MeasureMatrixMultiply(s, log);
        int lenetRepeats = s.Repeats * LeNetRepeatFactor;
        var lenet = MeasureModel(s, LeNetSpec, lenetRepeats, lenetRepeats, log);
        var vgg = MeasureModel(s, VggSpec(s.VggWidth), s.Repeats, Math.Min(s.CrossbarRepeats, s.Repeats), log);
        var adcNoise = MeasureAdcNoise(s, log);
        return new SimulatorBenchResult(s, memory, mm, lenet, vgg) { AdcNoise = adcNoise };
    }

    /// <summary>
    /// Float-mode LeNet-5 Monte-Carlo loop: UseChip + forward per chip; RSS after chip 10 and chip 100 (no forced GC,
    /// so what a user's loop would hold is what is measured).
    /// </summary>
    public static MemoryGrowth MeasureMemory(BenchSettings s, Action<string>? log = null)
    {
        log?.Invoke($"memory: {MemoryModel} float mode, {MemoryChips} chips");
        var spec = new ModelSpec(MemoryModel);
        using var images = RandomImages(s, spec);
        using var model = CreateModel(s, spec);
        using var analog = AnalogConversion.ToAnalog(model, CrossbarConfig.Lognormal(s.Sigma), InputShape(spec));
        long start = ProcessCounters.ResidentBytes(), chip10 = 0, chip100 = 0;
        for (int i = 1; i <= MemoryChips; i++)
        {
            analog.UseChip(new Chip(s.Seed, i));
            Forward(model, images);
            if (i == MemoryFirstCheckpoint) chip10 = ProcessCounters.ResidentBytes();
            if (i == MemoryChips) chip100 = ProcessCounters.ResidentBytes();
        }
        return new MemoryGrowth(start, chip10, chip100);
    }

    /// <summary>Median time of torch.mm of two seeded n × n fp32 matrices after one untimed warm-up.</summary>
    public static MatrixMultiplyRate MeasureMatrixMultiply(BenchSettings s, Action<string>? log = null)
    {
        int n = s.MatrixSize;
        log?.Invoke($"torch.mm {n}×{n}, {s.MatrixRepeats} repetitions");
        using var generator = new Generator((ulong)s.Seed);
        using var a = randn([n, n], generator: generator).to(s.Device);
        using var b = randn([n, n], generator: generator).to(s.Device);
        using (var warm = a.mm(b)) Sync(s.Device);
        var times = new double[s.MatrixRepeats];
        for (int r = 0; r < times.Length; r++) times[r] = Measure(s.Device, () => { using var c = a.mm(b); }).Ms;
        return new MatrixMultiplyRate(n, BenchMedians.Of(times));
    }

    /// <summary>
    /// ADC conversions of one chunk of partial sums (<see cref="AnalogLayer.DefaultMaxPartialSumElements"/>, the
    /// simulator's largest block) at σ_adc = 0.5 LSB, 8-bit codes: libtorch's sampler and passes against the
    /// counter-based stream, back to back, the libtorch side first in even repetitions; one untimed warm-up of each.
    /// Both start from the same partial sums every time (a copy), so only the conversion is timed.
    /// </summary>
    public static AdcNoiseTimings MeasureAdcNoise(BenchSettings s, Action<string>? log = null)
    {
        const double noise = 0.5, low = 0, high = 255;
        long n = AnalogLayer.DefaultMaxPartialSumElements;
        int repeats = s.Repeats * LeNetRepeatFactor;
        log?.Invoke($"ADC conversion of {n} partial sums, libtorch's normal_ vs the counter-based stream, " +
            $"{repeats} repetitions");
        using var generator = new Generator((ulong)s.Seed + 2);
        using var partialSums = rand([n], generator: generator) * 250;
        using var values = empty([n]);
        using var draws = empty([n]);
        var stream = new NormalStream((ulong)s.Seed);
        BenchPass Libtorch()
        {
            values.copy_(partialSums);
            return Measure(CPU, () =>
            {
                draws.normal_(generator: generator);
                values.add_(draws, alpha: noise).floor_().clamp_(low, high);
            });
        }
        BenchPass Stream()
        {
            values.copy_(partialSums);
            return Measure(CPU, () => stream.AddFloorClamp(values, noise, low, high));
        }
        Libtorch();
        Stream();
        var libtorch = new BenchPass[repeats];
        var counter = new BenchPass[repeats];
        for (int r = 0; r < repeats; r++)
        {
            if (r % 2 == 0) libtorch[r] = Libtorch();
            counter[r] = Stream();
            if (r % 2 == 1) libtorch[r] = Libtorch();
        }
        return new AdcNoiseTimings(n, libtorch, counter);
    }

    /// <summary>
    /// Three identical (same seed) instances: the digital model, its float-mode twin and its crossbar-mode twin (RRAM
    /// preset, DAC/ADC calibrated on the batch's first images). After one untimed warm-up of each, every repetition
    /// times a clean forward, a float chip and (the first <paramref name="crossbarRepeats"/> repetitions) a crossbar
    /// chip, back to back, on chip r + 1 of the seed. Each chip is timed twice, with the fast kernels and with the
    /// reference kernels of before the Monte-Carlo speed-up (same results), the reference first in odd repetitions.
    /// </summary>
    public static ModelTimings MeasureModel(
        BenchSettings s, ModelSpec spec, int repeats, int crossbarRepeats, Action<string>? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(crossbarRepeats);
        crossbarRepeats = Math.Min(crossbarRepeats, repeats);
        string label = Label(spec);
        log?.Invoke($"{label}: building digital, float and crossbar twins");
        var shape = InputShape(spec);
        using var images = RandomImages(s, spec);
        using var digital = CreateModel(s, spec);
        using var floatModel = CreateModel(s, spec);
        using var crossbarModel = CreateModel(s, spec);
        long macs = ModelSummary.TotalMacs(digital, shape);
        using var floatTwin = AnalogConversion.ToAnalog(floatModel, CrossbarConfig.Lognormal(s.Sigma), shape);
        var crossbarConfig = CrossbarConfig.Rram(s.Sigma);
        using var calibrationImages = images.narrow(0, 0, Math.Min(s.CalibrationImages, s.Images));
        AnalogModel? crossbarTwin = null;
        var calibration = Measure(s.Device,
            () => crossbarTwin = AnalogConversion.ToAnalog(crossbarModel, crossbarConfig, shape, calibrationImages));
        using var crossbarOwner = crossbarTwin!;
        log?.Invoke($"{label}: crossbar ToAnalog with calibration on {calibrationImages.shape[0]} images: " +
            $"{Fmt(calibration.Ms, "F0")} ms");

        log?.Invoke($"{label}: warm-up");
        Forward(digital, images);
        floatTwin.UseChip(new Chip(s.Seed, 0));
        Forward(floatModel, images);
        crossbarTwin!.UseChip(new Chip(s.Seed, 0));
        Forward(crossbarModel, images);

        var clean = new BenchPass[repeats];
        var floatUse = new BenchPass[repeats];
        var floatForward = new BenchPass[repeats];
        var crossbarUse = new BenchPass[crossbarRepeats];
        var crossbarForward = new BenchPass[crossbarRepeats];
        var floatReference = new BenchPass[repeats];
        var crossbarReference = new BenchPass[crossbarRepeats];
        for (int r = 0; r < repeats; r++)
        {
            var chip = new Chip(s.Seed, r + 1);
            bool referenceFirst = r % 2 == 1;
            clean[r] = Measure(s.Device, () => Forward(digital, images));
            if (referenceFirst) floatReference[r] = ReferenceChip(s, floatTwin, chip, images);
            floatUse[r] = Measure(s.Device, () => floatTwin.UseChip(chip));
            floatForward[r] = Measure(s.Device, () => Forward(floatModel, images));
            if (!referenceFirst) floatReference[r] = ReferenceChip(s, floatTwin, chip, images);
            if (r < crossbarRepeats)
            {
                if (referenceFirst) crossbarReference[r] = ReferenceChip(s, crossbarTwin, chip, images);
                crossbarUse[r] = Measure(s.Device, () => crossbarTwin.UseChip(chip));
                crossbarForward[r] = Measure(s.Device, () => Forward(crossbarModel, images));
                if (!referenceFirst) crossbarReference[r] = ReferenceChip(s, crossbarTwin, chip, images);
            }
            log?.Invoke($"{label}: repetition {r + 1}/{repeats}: clean {Fmt(clean[r].Ms, "F1")} ms, " +
                $"float chip {Fmt(floatUse[r].Ms, "F1")} + {Fmt(floatForward[r].Ms, "F1")} ms " +
                $"(reference kernels {Fmt(floatReference[r].Ms, "F1")} ms)" +
                (r < crossbarRepeats
                    ? $", crossbar chip {Fmt(crossbarUse[r].Ms, "F1")} + {Fmt(crossbarForward[r].Ms, "F1")} ms " +
                        $"(reference kernels {Fmt(crossbarReference[r].Ms, "F1")} ms)"
                    : ""));
        }
        return new ModelTimings(label, macs, crossbarConfig.Hardware.Slices, calibration,
            clean, floatUse, floatForward, crossbarUse, crossbarForward, floatReference, crossbarReference);
    }

    /// <summary>
    /// One chip (UseChip + forward) with the reference kernels of before the Monte-Carlo speed-up; the twin is left
    /// on the fast kernels.
    /// </summary>
    private static BenchPass ReferenceChip(BenchSettings s, AnalogModel twin, Chip chip, Tensor images)
    {
        twin.ReferenceKernels = true;
        try
        {
            return Measure(s.Device, () =>
            {
                twin.UseChip(chip);
                Forward(twin.Model, images);
            });
        }
        finally
        {
            twin.ReferenceKernels = false;
        }
    }

    /// <summary>The model's name, with its width multiplier unless 1 ("vgg16 ×0.5").</summary>
    public static string Label(ModelSpec spec) =>
        spec.WidthMultiplier == 1.0 ? spec.Name : $"{spec.Name} ×{Fmt(spec.WidthMultiplier, "G3")}";

    /// <summary>
    /// Wall time and minor page faults of <paramref name="action"/>, with the device synchronized around it.
    /// </summary>
    public static BenchPass Measure(Device device, Action action)
    {
        Sync(device);
        long faults = ProcessCounters.MinorFaults();
        long start = Stopwatch.GetTimestamp();
        action();
        Sync(device);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new BenchPass(ms, ProcessCounters.MinorFaults() - faults);
    }

    private static long[] InputShape(ModelSpec spec) => [spec.InChannels, spec.ImageSize, spec.ImageSize];

    /// <summary>Untrained model with seeded weights, on the device, in eval mode.</summary>
    private static nn.Module<Tensor, Tensor> CreateModel(BenchSettings s, ModelSpec spec)
    {
        torch.manual_seed(s.Seed);
        var model = ModelZoo.Create(spec);
        model.to(s.Device);
        model.eval();
        return model;
    }

    /// <summary>Seeded standard-normal images (like normalized pixels), N × C × H × W.</summary>
    private static Tensor RandomImages(BenchSettings s, ModelSpec spec)
    {
        using var generator = new Generator((ulong)s.Seed + 1);
        using var cpu = randn([s.Images, spec.InChannels, spec.ImageSize, spec.ImageSize], generator: generator);
        return cpu.to(s.Device).DetachFromDisposeScope();
    }

    private static void Forward(nn.Module<Tensor, Tensor> model, Tensor images)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.call(images);
    }

    /// <summary>Waits for queued CUDA kernels, so a timing covers the work and not only its launch.</summary>
    internal static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }

    private static string Fmt(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
