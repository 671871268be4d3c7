using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CorrectNet.Crossbar;
using CorrectNet.Models;
using Spectre.Console;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet bench: speed and memory of the Monte-Carlo simulation against its targets, on untrained (seeded) models
/// and seeded random images. Every ratio is measured within one run, as the median over repetitions of ratios of
/// back-to-back (interleaved) timings, so a noisy machine shifts both sides alike.
/// </summary>
internal static class BenchCommand
{
    private const double FloatTarget = 1.2;
    private const double ThroughputTarget = 0.5;
    private const double MemoryTarget = 0.10;
    private const int MatrixSize = 2048;
    private const int MemoryChips = 100;
    private const int MemoryFirstCheckpoint = 10;
    /// <summary>LeNet-5 passes take milliseconds: it gets this many times more repetitions than VGG-16.</summary>
    private const int LeNetRepeatFactor = 4;
    /// <summary>The library's chunking rule for ADC partial sums (AnalogLayer.MaxPartialSumElements).</summary>
    private const long LibraryPartialSumElements = 1L << 25;

    public static Command Create()
    {
        var images = new Option<int?>("--images") { Description = "Random images per forward pass (one batch). Default 500; 64 with --quick." };
        var repeats = new Option<int?>("--repeats") { Description = $"Timed repetitions for VGG-16 (LeNet-5 gets {LeNetRepeatFactor}×); medians are reported. Default 5; 2 with --quick." };
        var crossbarRepeats = new Option<int?>("--crossbar-repeats") { Description = "Timed repetitions of VGG-16 crossbar-mode chips (slow). Default 3; 1 with --quick." };
        var vggWidth = new Option<double>("--vgg-width") { Description = "Channel width multiplier of VGG-16.", DefaultValueFactory = _ => 1.0 };
        var sigma = new Option<double>("--sigma") { Description = "σ of the lognormal device variation.", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<long>("--seed") { Description = "Seed of weights, images and chips.", DefaultValueFactory = _ => 1 };
        var calibration = new Option<int>("--calibration-images") { Description = "First images of the batch that calibrate DAC/ADC ranges in crossbar mode.", DefaultValueFactory = _ => 100 };
        var diagnose = new Option<bool>("--diagnose") { Description = "Always print where crossbar-mode time goes (per layer and per operation). Without it the breakdown runs only when the crossbar target fails (never with --quick)." };
        var quick = new Option<bool>("--quick") { Description = "Fewer repetitions and a smaller batch: a smoke test for CI, not a measurement." };
        var threads = new Option<int?>("--threads") { Description = "Intra-op CPU threads (torch.set_num_threads), ≥ 1. Default: libtorch's choice." };
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("bench",
            "Measure Monte-Carlo speed and memory against the kit's targets: float-mode chip vs clean forward (LeNet-5, VGG-16), " +
            "VGG-16 GFLOP/s vs torch.mm, crossbar (RRAM preset) vs float mode, resident memory over 100 chips.")
        {
            images, repeats, crossbarRepeats, vggWidth, sigma, seed, calibration, diagnose, quick, threads, device, json,
        };
        command.SetAction(parse =>
        {
            bool isQuick = parse.GetValue(quick);
            var settings = new Settings(
                Images: parse.GetValue(images) ?? (isQuick ? 64 : 500),
                Repeats: parse.GetValue(repeats) ?? (isQuick ? 2 : 5),
                CrossbarRepeats: parse.GetValue(crossbarRepeats) ?? (isQuick ? 1 : 3),
                MatrixRepeats: isQuick ? 3 : 10,
                VggWidth: parse.GetValue(vggWidth),
                Sigma: parse.GetValue(sigma),
                Seed: parse.GetValue(seed),
                CalibrationImages: parse.GetValue(calibration),
                Diagnose: parse.GetValue(diagnose),
                Quick: isQuick,
                Device: ComputeDevice.Parse(parse.GetValue(device)!));
            settings.Validate();
            if (parse.GetValue(threads) is { } n)
            {
                // set_num_threads(0) aborts the process inside libtorch: reject it here.
                if (n < 1) throw new ArgumentException($"--threads {n}: expected a thread count ≥ 1.");
                torch.set_num_threads(n);
            }
            Run(settings, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private sealed record Settings(
        int Images, int Repeats, int CrossbarRepeats, int MatrixRepeats, double VggWidth, double Sigma, long Seed,
        int CalibrationImages, bool Diagnose, bool Quick, Device Device)
    {
        public void Validate()
        {
            if (Images < 1) throw new ArgumentException($"--images {Images}: expected ≥ 1.");
            if (Repeats < 1) throw new ArgumentException($"--repeats {Repeats}: expected ≥ 1.");
            if (CrossbarRepeats < 1) throw new ArgumentException($"--crossbar-repeats {CrossbarRepeats}: expected ≥ 1.");
            if (!double.IsFinite(VggWidth) || VggWidth <= 0) throw new ArgumentException($"--vgg-width {VggWidth}: expected a positive number.");
            if (!double.IsFinite(Sigma) || Sigma < 0) throw new ArgumentException($"--sigma {Sigma}: expected ≥ 0.");
            if (CalibrationImages < 1) throw new ArgumentException($"--calibration-images {CalibrationImages}: expected ≥ 1.");
        }
    }

    /// <summary>Timings (ms) of one model: clean forward, float-mode and crossbar-mode chips, interleaved per repetition.</summary>
    private sealed record ModelTimings(
        string Model, long MacsPerImage, int Slices, double CalibrationMs,
        double[] Clean, double[] FloatUseChip, double[] FloatForward, double[] CrossbarUseChip, double[] CrossbarForward)
    {
        public double[] FloatChip => [.. FloatUseChip.Zip(FloatForward, (a, b) => a + b)];
        public double[] CrossbarChip => [.. CrossbarUseChip.Zip(CrossbarForward, (a, b) => a + b)];
        /// <summary>Median over repetitions of (UseChip + forward) / clean forward of the same repetition.</summary>
        public double FloatRatio => Median(FloatChip.Zip(Clean, (c, d) => c / d));
        /// <summary>Median over repetitions of crossbar chip / float chip of the same repetition.</summary>
        public double CrossbarRatio => Median(CrossbarChip.Zip(FloatChip, (x, f) => x / f));
        public double CrossbarTarget => 1.5 * 2 * Slices;
    }

    private static void Run(Settings s, bool asJson)
    {
        var clock = Stopwatch.StartNew();
        Log($"bench: {s.Images} images, {s.Repeats} repetitions (LeNet-5 ×{LeNetRepeatFactor}), {s.CrossbarRepeats} VGG-16 crossbar repetitions, " +
            $"{torch.get_num_threads()} threads, device {s.Device.type}{(s.Quick ? ", quick" : "")}");

        // 4. Memory first, while the process holds nothing else: growth is then not hidden by a large baseline.
        var memory = MeasureMemory(s);
        // 2. The machine's fp32 matrix-multiply rate.
        var (mmGflops, mmMs) = MeasureMatrixMultiply(s);

        var lenetSpec = new ModelSpec("lenet5", InChannels: 1, ImageSize: 28, Classes: 10);
        var vggSpec = new ModelSpec("vgg16", InChannels: 3, ImageSize: 32, Classes: 10, WidthMultiplier: s.VggWidth);
        var lenet = MeasureModel(s, lenetSpec, s.Repeats * LeNetRepeatFactor, s.Repeats * LeNetRepeatFactor);
        var vgg = MeasureModel(s, vggSpec, s.Repeats, Math.Min(s.CrossbarRepeats, s.Repeats));

        double vggGflops = 2.0 * vgg.MacsPerImage * s.Images / (Median(vgg.FloatChip) / 1000) / 1e9;
        double throughputRatio = vggGflops / mmGflops;

        var diagnoses = new List<CrossbarDiagnosis>();
        foreach (var (timings, spec) in new[] { (lenet, lenetSpec), (vgg, vggSpec) })
        {
            bool failed = timings.CrossbarRatio > timings.CrossbarTarget;
            if (s.Diagnose || (failed && !s.Quick)) diagnoses.Add(DiagnoseCrossbar(s, spec));
        }

        // ---- report ----
        var rows = new List<(string Item, string Model, string Measured, string Target, bool Pass)>
        {
            ("1 float chip / clean forward", "lenet5", Fmt(lenet.FloatRatio, "F3"), $"≤ {FloatTarget}", lenet.FloatRatio <= FloatTarget),
            ("1 float chip / clean forward", Label(vggSpec), Fmt(vgg.FloatRatio, "F3"), $"≤ {FloatTarget}", vgg.FloatRatio <= FloatTarget),
            ("2 Monte-Carlo GFLOP/s / torch.mm", Label(vggSpec),
                $"{Fmt(vggGflops, "F1")} / {Fmt(mmGflops, "F1")} = {Fmt(throughputRatio * 100, "F1")}%", $"≥ {ThroughputTarget * 100}%", throughputRatio >= ThroughputTarget),
            ("3 crossbar chip / float chip", "lenet5", Fmt(lenet.CrossbarRatio, "F2"), $"≤ {Fmt(lenet.CrossbarTarget, "F0")}", lenet.CrossbarRatio <= lenet.CrossbarTarget),
            ("3 crossbar chip / float chip", Label(vggSpec), Fmt(vgg.CrossbarRatio, "F2"), $"≤ {Fmt(vgg.CrossbarTarget, "F0")}", vgg.CrossbarRatio <= vgg.CrossbarTarget),
            ("4 RSS growth chip 10 → 100", "lenet5",
                $"{Fmt(memory.Chip10Bytes / 1048576.0, "F1")} → {Fmt(memory.Chip100Bytes / 1048576.0, "F1")} MiB ({Fmt(memory.Growth * 100, "+0.0;-0.0")}%)",
                $"≤ {MemoryTarget * 100}%", memory.Growth <= MemoryTarget),
        };
        var targets = new Table().Title("correctnet bench: targets").AddColumns("item", "model", "measured", "target", "result");
        foreach (var row in rows)
            targets.AddRow(Markup.Escape(row.Item), Markup.Escape(row.Model), Markup.Escape(row.Measured), Markup.Escape(row.Target),
                row.Pass ? "[green]pass[/]" : "[red]FAIL[/]");
        AnsiConsole.Write(targets);

        var details = new Table().Title($"median ms per pass of {s.Images} images").AddColumns(
            "model", "MMAC/image", "clean fwd", "float UseChip", "float fwd", "float chip", "xbar UseChip", "xbar fwd", "xbar chip", "xbar calib.");
        foreach (var t in new[] { lenet, vgg })
            details.AddRow(Markup.Escape(t.Model), Fmt(t.MacsPerImage / 1e6, "F2"), Fmt(Median(t.Clean), "F1"),
                Fmt(Median(t.FloatUseChip), "F1"), Fmt(Median(t.FloatForward), "F1"), Fmt(Median(t.FloatChip), "F1"),
                Fmt(Median(t.CrossbarUseChip), "F1"), Fmt(Median(t.CrossbarForward), "F1"), Fmt(Median(t.CrossbarChip), "F1"),
                Fmt(t.CalibrationMs, "F0"));
        AnsiConsole.Write(details);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"torch.mm {MatrixSize}×{MatrixSize}: {Fmt(mmMs, "F1")} ms = {Fmt(mmGflops, "F1")} GFLOP/s; " +
            $"RSS before the memory loop {Fmt(memory.StartBytes / 1048576.0, "F1")} MiB, growth chip 10 → 100 " +
            $"{Fmt((memory.Chip100Bytes - memory.Chip10Bytes) / 1024.0 / (MemoryChips - MemoryFirstCheckpoint), "F1")} KiB per chip; " +
            $"{torch.get_num_threads()} threads; {Fmt(clock.Elapsed.TotalSeconds, "F0")} s in all."));
        foreach (var d in diagnoses) PrintDiagnosis(d);

        if (asJson)
        {
            Console.WriteLine(JsonFormat.Serialize(new
            {
                images = s.Images,
                repeats = s.Repeats,
                crossbar_repeats = s.CrossbarRepeats,
                threads = torch.get_num_threads(),
                device = s.Device.ToString(),
                quick = s.Quick,
                vgg_width = s.VggWidth,
                float_mode = new[] { lenet, vgg }.Select(t => new
                {
                    model = t.Model,
                    clean_ms = Median(t.Clean),
                    use_chip_ms = Median(t.FloatUseChip),
                    forward_ms = Median(t.FloatForward),
                    chip_ms = Median(t.FloatChip),
                    ratio = t.FloatRatio,
                    target = FloatTarget,
                    pass = t.FloatRatio <= FloatTarget,
                }).ToArray(),
                throughput = new
                {
                    model = Label(vggSpec),
                    macs_per_image = vgg.MacsPerImage,
                    monte_carlo_gflops = vggGflops,
                    mm_gflops = mmGflops,
                    mm_ms = mmMs,
                    ratio = throughputRatio,
                    target = ThroughputTarget,
                    pass = throughputRatio >= ThroughputTarget,
                },
                crossbar_mode = new[] { lenet, vgg }.Select(t => new
                {
                    model = t.Model,
                    slices = t.Slices,
                    calibration_ms = t.CalibrationMs,
                    use_chip_ms = Median(t.CrossbarUseChip),
                    forward_ms = Median(t.CrossbarForward),
                    chip_ms = Median(t.CrossbarChip),
                    float_chip_ms = Median(t.FloatChip),
                    ratio = t.CrossbarRatio,
                    target = t.CrossbarTarget,
                    pass = t.CrossbarRatio <= t.CrossbarTarget,
                }).ToArray(),
                memory = new
                {
                    model = "lenet5",
                    start_bytes = memory.StartBytes,
                    chip10_bytes = memory.Chip10Bytes,
                    chip100_bytes = memory.Chip100Bytes,
                    growth = memory.Growth,
                    target = MemoryTarget,
                    pass = memory.Growth <= MemoryTarget,
                },
                crossbar_breakdown = diagnoses.Select(d => new
                {
                    model = d.Model,
                    digital_ms = d.Layers.Sum(l => l.DigitalMs),
                    crossbar_ms = d.Layers.Sum(l => l.CrossbarMs),
                    replica_ms = d.Layers.Sum(l => l.Phases.Sum()),
                    phases_ms = PhaseNames.Select((name, i) => (name, ms: d.Layers.Sum(l => l.Phases[i]))).ToDictionary(p => p.name, p => p.ms),
                }).ToArray(),
                all_pass = rows.All(r => r.Pass),
                seconds = clock.Elapsed.TotalSeconds,
                library_version = CorrectNetInfo.Version,
            }));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measurements

    private sealed record MemoryResult(long StartBytes, long Chip10Bytes, long Chip100Bytes)
    {
        public double Growth => (double)(Chip100Bytes - Chip10Bytes) / Chip10Bytes;
    }

    /// <summary>Float-mode LeNet-5 Monte-Carlo loop: UseChip + forward per chip; RSS after chip 10 and chip 100.</summary>
    private static MemoryResult MeasureMemory(Settings s)
    {
        Log($"memory: lenet5 float mode, {MemoryChips} chips");
        var spec = new ModelSpec("lenet5");
        using var images = RandomImages(s, spec);
        using var model = CreateModel(s, spec);
        using var analog = AnalogConversion.ToAnalog(model, CrossbarConfig.Lognormal(s.Sigma), InputShape(spec));
        long start = ResidentBytes(), chip10 = 0, chip100 = 0;
        for (int i = 1; i <= MemoryChips; i++)
        {
            analog.UseChip(new Chip(s.Seed, i));
            Forward(model, images);
            if (i == MemoryFirstCheckpoint) chip10 = ResidentBytes();
            if (i == MemoryChips) chip100 = ResidentBytes();
        }
        return new MemoryResult(start, chip10, chip100);
    }

    /// <summary>Median time of torch.mm of two 2048×2048 fp32 matrices, and its rate 2·n³ / time.</summary>
    private static (double Gflops, double Ms) MeasureMatrixMultiply(Settings s)
    {
        Log($"torch.mm {MatrixSize}×{MatrixSize}, {s.MatrixRepeats} repetitions");
        using var generator = new Generator((ulong)s.Seed);
        using var a = randn([MatrixSize, MatrixSize], generator: generator).to(s.Device);
        using var b = randn([MatrixSize, MatrixSize], generator: generator).to(s.Device);
        using (var warm = a.mm(b)) Sync(s.Device);
        var times = new double[s.MatrixRepeats];
        for (int r = 0; r < times.Length; r++)
        {
            var watch = Stopwatch.StartNew();
            using (var c = a.mm(b)) Sync(s.Device);
            times[r] = watch.Elapsed.TotalMilliseconds;
        }
        double ms = Median(times);
        return (2.0 * Math.Pow(MatrixSize, 3) / (ms / 1000) / 1e9, ms);
    }

    /// <summary>
    /// Three identical (same seed) instances: the digital model, its float-mode twin and its crossbar-mode twin. After
    /// one untimed warm-up of each, every repetition times a clean forward, a float chip and (the first
    /// <paramref name="crossbarRepeats"/> repetitions) a crossbar chip, back to back.
    /// </summary>
    private static ModelTimings MeasureModel(Settings s, ModelSpec spec, int repeats, int crossbarRepeats)
    {
        string label = Label(spec);
        Log($"{label}: building digital, float and crossbar twins");
        var shape = InputShape(spec);
        using var images = RandomImages(s, spec);
        using var digital = CreateModel(s, spec);
        using var floatModel = CreateModel(s, spec);
        using var crossbarModel = CreateModel(s, spec);
        long macs = ModelSummary.TotalMacs(digital, shape);
        using var floatTwin = AnalogConversion.ToAnalog(floatModel, CrossbarConfig.Lognormal(s.Sigma), shape);
        var crossbarConfig = CrossbarConfig.Rram(s.Sigma);
        var watch = Stopwatch.StartNew();
        using var calibration = images.narrow(0, 0, Math.Min(s.CalibrationImages, s.Images));
        using var crossbarTwin = AnalogConversion.ToAnalog(crossbarModel, crossbarConfig, shape, calibration);
        double calibrationMs = watch.Elapsed.TotalMilliseconds;

        Log($"{label}: warm-up");
        Forward(digital, images);
        floatTwin.UseChip(new Chip(s.Seed, 0));
        Forward(floatModel, images);
        crossbarTwin.UseChip(new Chip(s.Seed, 0));
        Forward(crossbarModel, images);

        var clean = new double[repeats];
        var floatUse = new double[repeats];
        var floatForward = new double[repeats];
        var crossbarUse = new double[crossbarRepeats];
        var crossbarForward = new double[crossbarRepeats];
        for (int r = 0; r < repeats; r++)
        {
            var chip = new Chip(s.Seed, r + 1);
            clean[r] = Time(s, () => Forward(digital, images));
            floatUse[r] = Time(s, () => floatTwin.UseChip(chip));
            floatForward[r] = Time(s, () => Forward(floatModel, images));
            if (r < crossbarRepeats)
            {
                crossbarUse[r] = Time(s, () => crossbarTwin.UseChip(chip));
                crossbarForward[r] = Time(s, () => Forward(crossbarModel, images));
            }
            Log($"{label}: repetition {r + 1}/{repeats}: clean {Fmt(clean[r], "F1")} ms, float chip {Fmt(floatUse[r], "F1")} + {Fmt(floatForward[r], "F1")} ms" +
                (r < crossbarRepeats ? $", crossbar chip {Fmt(crossbarUse[r], "F1")} + {Fmt(crossbarForward[r], "F1")} ms" : ""));
        }
        // Crossbar repetition r is paired with float repetition r (CrossbarRatio zips the two).
        return new ModelTimings(label, macs, crossbarConfig.Hardware.Slices, calibrationMs,
            clean, floatUse, floatForward, crossbarUse, crossbarForward);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Crossbar diagnosis

    private static readonly string[] PhaseNames = ["dac", "im2col", "mm", "adc", "accumulate", "combine"];

    private sealed record LayerShape(
        string Name, bool IsConv, long[] Input, long[] Output, long[] Kernel, long[] Stride, long[] Padding, long[] Dilation,
        long OutChannels, long Rows, long Macs);

    private sealed record LayerDiagnosis(LayerShape Shape, long Tiles, long Chunk, double DigitalMs, double FloatMs, double CrossbarMs, double[] Phases);

    private sealed record CrossbarDiagnosis(string Model, int Images, LayerDiagnosis[] Layers, ElementwiseProbe Probe);

    /// <summary>Rates of one element-wise pass (round_) over a tensor far larger than cache vs one that fits in L2.</summary>
    private sealed record ElementwiseProbe(double LargeGelemPerS, double SmallGelemPerS, double MmGmacPerS);

    /// <summary>
    /// Where crossbar-mode time goes: (1) per layer, the wall time of each Conv2d/Linear call (hooks) in the digital,
    /// float and crossbar models; (2) a replica of the crossbar forward hook (same shapes, tiles, chunking and
    /// operations as AnalogLayer.CrossbarForward for 8-bit DAC/ADC without bit-serial inputs), each operation timed.
    /// </summary>
    private static CrossbarDiagnosis DiagnoseCrossbar(Settings s, ModelSpec spec)
    {
        string label = Label(spec);
        Log($"{label}: crossbar breakdown (per layer and per operation)");
        var shape = InputShape(spec);
        var config = CrossbarConfig.Rram(s.Sigma);
        using var images = RandomImages(s, spec);
        using var digital = CreateModel(s, spec);
        using var floatModel = CreateModel(s, spec);
        using var crossbarModel = CreateModel(s, spec);
        var profiles = LayerProfiler.Profile(digital, shape).ToDictionary(p => p.Name);
        using var floatTwin = AnalogConversion.ToAnalog(floatModel, CrossbarConfig.Lognormal(s.Sigma), shape);
        using var calibration = images.narrow(0, 0, Math.Min(s.CalibrationImages, s.Images));
        using var crossbarTwin = AnalogConversion.ToAnalog(crossbarModel, config, shape, calibration);
        floatTwin.UseChip(new Chip(s.Seed, 1));
        crossbarTwin.UseChip(new Chip(s.Seed, 1));

        var shapes = CaptureShapes(digital, images, profiles);
        // Hooks registered after ToAnalog run after the library's own forward hook, so they bracket it.
        var digitalMs = LayerTimes(s, digital, images);
        var floatMs = LayerTimes(s, floatModel, images);
        var crossbarMs = LayerTimes(s, crossbarModel, images);

        var hardware = config.Hardware;
        int groups = 2 * hardware.Slices;
        var layers = new List<LayerDiagnosis>();
        // One untimed replica of the first layer warms the allocator.
        ReplicateCrossbarLayer(s, shapes[0], hardware.Rows ?? int.MaxValue, groups);
        foreach (var layer in shapes)
        {
            var (tiles, chunk, phases) = ReplicateCrossbarLayer(s, layer, hardware.Rows ?? int.MaxValue, groups);
            layers.Add(new LayerDiagnosis(layer, tiles, chunk, digitalMs[layer.Name], floatMs[layer.Name], crossbarMs[layer.Name], phases));
        }
        return new CrossbarDiagnosis(label, s.Images, [.. layers], ProbeElementwise(s));
    }

    private static List<LayerShape> CaptureShapes(nn.Module<Tensor, Tensor> model, Tensor images, Dictionary<string, LayerProfile> profiles)
    {
        var shapes = new List<LayerShape>();
        var inputs = new Dictionary<string, long[]>();
        var hooks = new List<IDisposable>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not (Conv2d or Linear)) continue;
            var layer = (nn.Module<Tensor, Tensor>)module;
            hooks.Add(new HookHandle(layer.register_forward_pre_hook((_, input) => { inputs[name] = input.shape; return input; }).remove));
            hooks.Add(new HookHandle(layer.register_forward_hook((_, _, output) =>
            {
                if (shapes.Any(l => l.Name == name)) return output;
                var p = profiles[name];
                shapes.Add(module is Conv2d conv
                    ? new LayerShape(name, true, inputs[name], output.shape, conv.kernel_size, conv.stride, conv.padding!, conv.dilation, p.OutChannels, p.WeightRows, p.Macs)
                    : new LayerShape(name, false, inputs[name], output.shape, [1, 1], [1, 1], [0, 0], [1, 1], p.OutChannels, p.WeightRows, p.Macs));
                return output;
            }).remove));
        }
        try { Forward(model, images); }
        finally { foreach (var h in hooks) h.Dispose(); }
        return shapes;
    }

    /// <summary>Wall time (ms) of every Conv2d/Linear call including the hooks registered before these, over one forward pass.</summary>
    private static Dictionary<string, double> LayerTimes(Settings s, nn.Module<Tensor, Tensor> model, Tensor images)
    {
        var times = new Dictionary<string, double>();
        var started = new Dictionary<string, long>();
        var hooks = new List<IDisposable>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not (Conv2d or Linear)) continue;
            var layer = (nn.Module<Tensor, Tensor>)module;
            hooks.Add(new HookHandle(layer.register_forward_pre_hook((_, input) => { Sync(s.Device); started[name] = Stopwatch.GetTimestamp(); return input; }).remove));
            hooks.Add(new HookHandle(layer.register_forward_hook((_, _, output) =>
            {
                Sync(s.Device);
                times[name] = times.GetValueOrDefault(name) + Stopwatch.GetElapsedTime(started[name]).TotalMilliseconds;
                return output;
            }).remove));
        }
        try { Forward(model, images); }
        finally { foreach (var h in hooks) h.Dispose(); }
        return times;
    }

    /// <summary>
    /// The operations of AnalogLayer.CrossbarForward on random data of the layer's shapes, each timed: DAC codes,
    /// im2col (unfold + transpose + reshape copy), one mm per row tile, ADC codes (div_, round_, clamp_) per tile,
    /// the digital sum over tiles (add_), and the shift-and-add / rescale / bias / reshape at the end.
    /// </summary>
    private static (long Tiles, long Chunk, double[] Phases) ReplicateCrossbarLayer(Settings s, LayerShape layer, int tileRowsLimit, int groups)
    {
        var phases = new double[PhaseNames.Length];
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)s.Seed);
        var device = s.Device;
        long n = layer.Input[0], rows = layer.Rows, outChannels = layer.OutChannels;
        long tileRows = Math.Min(tileRowsLimit, rows), tiles = (rows + tileRows - 1) / tileRows;
        long positions = layer.IsConv ? layer.Output[2] * layer.Output[3] : 1;
        var input = rand(layer.Input, generator: generator).to(device).mul_(3);
        var conductance = randint(0, 4, [groups * outChannels, rows], generator: generator).to_type(ScalarType.Float32).to(device);
        var columns = conductance.t();
        var coefficients = rand([groups, 1], generator: generator).to(device);
        var scale = rand([outChannels, 1], generator: generator).to(device);
        var bias = rand([outChannels], generator: generator).to(device);
        const double step = 3.0 / 255, lsb = 8.0;

        long chunk = Math.Max(1, LibraryPartialSumElements / Math.Max(1, groups * outChannels * positions));
        var outputs = new List<Tensor>();
        long t0;
        for (long start = 0; start < n; start += chunk)
        {
            using var chunkScope = NewDisposeScope();
            long size = Math.Min(chunk, n - start);
            t0 = Stopwatch.GetTimestamp();
            var x = (input.narrow(0, start, size) / step).round_().clamp_(0, 255);
            phases[0] += Lap(device, ref t0);
            var cols = layer.IsConv
                ? nn.functional.unfold(x, (layer.Kernel[0], layer.Kernel[1]), (layer.Dilation[0], layer.Dilation[1]), (layer.Padding[0], layer.Padding[1]), (layer.Stride[0], layer.Stride[1])).transpose(1, 2)
                : x.unsqueeze(1);
            var flat = cols.reshape(-1, rows);
            phases[1] += Lap(device, ref t0);
            Tensor? codes = null;
            for (long t = 0; t < tiles; t++)
            {
                long first = t * tileRows, count = Math.Min(tileRows, rows - first);
                var partial = flat.narrow(1, first, count).mm(columns.narrow(0, first, count));
                phases[2] += Lap(device, ref t0);
                var tileCodes = partial.div_(lsb).round_().clamp_(0, 255);
                phases[3] += Lap(device, ref t0);
                codes = codes is null ? tileCodes : codes.add_(tileCodes);
                phases[4] += Lap(device, ref t0);
            }
            var y = codes!.reshape(-1, groups, outChannels).mul_(coefficients).sum(1);
            y = y.reshape(size, 1, positions, outChannels);
            outputs.Add(y.sum(1).permute(0, 2, 1).MoveToOuterDisposeScope());
            phases[5] += Lap(device, ref t0);
        }
        t0 = Stopwatch.GetTimestamp();
        var result = cat(outputs, 0) * (scale.unsqueeze(0) * (lsb * step));
        result = result + bias.reshape(1, -1, 1);
        result = layer.IsConv ? result.reshape(layer.Output) : result.squeeze(-1);
        phases[5] += Lap(device, ref t0);
        return (tiles, chunk, phases);
    }

    private static ElementwiseProbe ProbeElementwise(Settings s)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)s.Seed);
        const long large = 1L << 25, small = 1L << 16;
        var big = rand([large], generator: generator).to(s.Device);
        var little = rand([small], generator: generator).to(s.Device);
        big.round_(); little.round_();
        var largeTimes = new double[5];
        for (int r = 0; r < largeTimes.Length; r++) largeTimes[r] = Time(s, () => big.mul_(1.0001));
        long smallReps = large / small;
        var smallTimes = new double[5];
        for (int r = 0; r < smallTimes.Length; r++)
            smallTimes[r] = Time(s, () => { for (long i = 0; i < smallReps; i++) little.mul_(1.0001); });
        // A tile-shaped mm: (M × 128) · (128 × 512), as a 128-row tile of a 512-column layer.
        var a = rand([8192, 128], generator: generator).to(s.Device);
        var b = rand([128, 4096], generator: generator).to(s.Device);
        using (var warm = a.mm(b)) Sync(s.Device);
        var mmTimes = new double[5];
        for (int r = 0; r < mmTimes.Length; r++) mmTimes[r] = Time(s, () => { using var c = a.mm(b); });
        return new ElementwiseProbe(
            large / (Median(largeTimes) / 1000) / 1e9,
            large / (Median(smallTimes) / 1000) / 1e9,
            8192.0 * 128 * 4096 / (Median(mmTimes) / 1000) / 1e9);
    }

    private static void PrintDiagnosis(CrossbarDiagnosis d)
    {
        var table = new Table().Title($"{d.Model} crossbar mode: where the time goes (ms for {d.Images} images)")
            .AddColumns("layer", "MMAC", "tiles", "chunk", "digital", "float", "crossbar", "replica", "dac", "im2col", "mm", "adc", "accum.", "combine");
        foreach (var l in d.Layers)
            table.AddRow(
                Markup.Escape(l.Shape.Name), Fmt(l.Shape.Macs * (double)d.Images / 1e6, "F0"), l.Tiles.ToString(CultureInfo.InvariantCulture), l.Chunk.ToString(CultureInfo.InvariantCulture),
                Fmt(l.DigitalMs, "F1"), Fmt(l.FloatMs, "F1"), Fmt(l.CrossbarMs, "F1"), Fmt(l.Phases.Sum(), "F1"),
                Fmt(l.Phases[0], "F1"), Fmt(l.Phases[1], "F1"), Fmt(l.Phases[2], "F1"), Fmt(l.Phases[3], "F1"), Fmt(l.Phases[4], "F1"), Fmt(l.Phases[5], "F1"));
        double[] totals = [.. Enumerable.Range(0, PhaseNames.Length).Select(i => d.Layers.Sum(l => l.Phases[i]))];
        double digital = d.Layers.Sum(l => l.DigitalMs), crossbar = d.Layers.Sum(l => l.CrossbarMs), replica = totals.Sum();
        table.AddRow("[bold]total[/]", Fmt(d.Layers.Sum(l => l.Shape.Macs) * (double)d.Images / 1e6, "F0"), "", "",
            Fmt(digital, "F1"), Fmt(d.Layers.Sum(l => l.FloatMs), "F1"), Fmt(crossbar, "F1"), Fmt(replica, "F1"),
            Fmt(totals[0], "F1"), Fmt(totals[1], "F1"), Fmt(totals[2], "F1"), Fmt(totals[3], "F1"), Fmt(totals[4], "F1"), Fmt(totals[5], "F1"));
        AnsiConsole.Write(table);
        string shares = string.Join(", ", PhaseNames.Select((name, i) => $"{name} {Fmt(100 * totals[i] / replica, "F0")}%"));
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{d.Model}: crossbar layers {Fmt(crossbar, "F0")} ms = digital conv/linear inside the module {Fmt(digital, "F0")} ms " +
            $"(computed, then replaced by the hook) + hook ≈ {Fmt(crossbar - digital, "F0")} ms; replica of the hook {Fmt(replica, "F0")} ms: {shares}. " +
            $"Element-wise pass: {Fmt(d.Probe.LargeGelemPerS, "F2")} Gelem/s on 2^25 elements (128 MB, out of cache) vs " +
            $"{Fmt(d.Probe.SmallGelemPerS, "F2")} Gelem/s on 2^16 (256 KB, in cache); tile mm (8192×128·128×4096) {Fmt(d.Probe.MmGmacPerS, "F1")} GMAC/s."));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private sealed class HookHandle(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    private static long[] InputShape(ModelSpec spec) => [spec.InChannels, spec.ImageSize, spec.ImageSize];

    private static string Label(ModelSpec spec) =>
        spec.WidthMultiplier == 1.0 ? spec.Name : $"{spec.Name} ×{Fmt(spec.WidthMultiplier, "G3")}";

    /// <summary>Untrained model with seeded weights, on the device, in eval mode.</summary>
    private static nn.Module<Tensor, Tensor> CreateModel(Settings s, ModelSpec spec)
    {
        torch.manual_seed(s.Seed);
        var model = ModelZoo.Create(spec);
        model.to(s.Device);
        model.eval();
        return model;
    }

    /// <summary>Seeded standard-normal images (like normalized pixels), N × C × H × W.</summary>
    private static Tensor RandomImages(Settings s, ModelSpec spec)
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

    private static double Time(Settings s, Action action)
    {
        Sync(s.Device);
        long start = Stopwatch.GetTimestamp();
        action();
        Sync(s.Device);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Lap(Device device, ref long start)
    {
        Sync(device);
        long now = Stopwatch.GetTimestamp();
        double ms = Stopwatch.GetElapsedTime(start, now).TotalMilliseconds;
        start = now;
        return ms;
    }

    private static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }

    /// <summary>Resident set size: VmRSS of /proc/self/status, else Environment.WorkingSet.</summary>
    private static long ResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return Environment.WorkingSet;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Fmt(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Log(string message) => Console.Error.WriteLine(message);
}
