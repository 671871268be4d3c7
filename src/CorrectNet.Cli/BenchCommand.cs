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
/// correctnet bench: speed and memory of the Monte-Carlo simulation against the kit's targets, on untrained (seeded)
/// models and seeded random images. Every ratio is measured within one run, as the median over repetitions of the
/// ratio of back-to-back (interleaved) timings, so load on a shared machine shifts both sides alike. Page faults
/// (minor faults of /proc/self/stat) are counted beside the times: fresh large tensors are paid for page by page.
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

    public static Command Create()
    {
        var images = new Option<int?>("--images") { Description = "Random images per forward pass (one batch). Default 500; 64 with --quick." };
        var repeats = new Option<int?>("--repeats") { Description = $"Timed repetitions for VGG-16 (LeNet-5 gets {LeNetRepeatFactor}×); medians are reported. Default 5; 2 with --quick." };
        var crossbarRepeats = new Option<int?>("--crossbar-repeats") { Description = "Timed repetitions of VGG-16 crossbar-mode chips (slow), paired with the first float repetitions. Default 3; 1 with --quick." };
        var vggWidth = new Option<double>("--vgg-width") { Description = "Channel width multiplier of VGG-16.", DefaultValueFactory = _ => 1.0 };
        var sigma = new Option<double>("--sigma") { Description = "σ of the lognormal device variation.", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<long>("--seed") { Description = "Seed of weights, images and chips.", DefaultValueFactory = _ => 1 };
        var calibration = new Option<int>("--calibration-images") { Description = "First images of the batch that calibrate DAC/ADC ranges in crossbar mode.", DefaultValueFactory = _ => 100 };
        var quick = new Option<bool>("--quick") { Description = "Fewer repetitions and a smaller batch: a smoke test for CI, not a measurement." };
        var penalty = new Option<bool>("--penalty") { Description = "Instead: the training-step time with the enhanced Lipschitz penalty against without it (LeNet-5, VGG-16 at --vgg-width), --repeats steps each, batch --images (default 128)." };
        var threads = new Option<int?>("--threads") { Description = "Intra-op CPU threads (torch.set_num_threads), ≥ 1. Default: libtorch's choice." };
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("bench",
            "Measure Monte-Carlo speed and memory against the kit's targets: float-mode chip vs clean forward (LeNet-5, VGG-16), " +
            "VGG-16 GFLOP/s vs torch.mm, crossbar mode (RRAM preset) vs float mode, resident memory over 100 chips.")
        {
            images, repeats, crossbarRepeats, vggWidth, sigma, seed, calibration, quick, penalty, threads, device, json,
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
                Quick: isQuick,
                Device: ComputeDevice.Parse(parse.GetValue(device)!));
            settings.Validate();
            if (parse.GetValue(threads) is { } n)
            {
                // set_num_threads(0) aborts the process inside libtorch: reject it here.
                if (n < 1) throw new ArgumentException($"--threads {n}: expected a thread count ≥ 1.");
                torch.set_num_threads(n);
            }
            if (parse.GetValue(penalty))
            {
                var results = PenaltyBench.Run(parse.GetValue(images) ?? 128, parse.GetValue(repeats) ?? (isQuick ? 3 : 20),
                    settings.VggWidth, settings.Seed, settings.Device);
                if (parse.GetValue(json))
                    Console.WriteLine(JsonFormat.Serialize(results.Select(r => new { model = r.Model, step_ms = r.PlainMs, step_with_penalty_ms = r.PenaltyMs, ratio = r.Ratio })));
                return 0;
            }
            Run(settings, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private sealed record Settings(
        int Images, int Repeats, int CrossbarRepeats, int MatrixRepeats, double VggWidth, double Sigma, long Seed,
        int CalibrationImages, bool Quick, Device Device)
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

    /// <summary>One timed pass: wall time and the minor page faults it took.</summary>
    private readonly record struct Pass(double Ms, long Faults)
    {
        public static Pass operator +(Pass a, Pass b) => new(a.Ms + b.Ms, a.Faults + b.Faults);
    }

    /// <summary>Passes of one model: clean forward, float-mode and crossbar-mode chips, interleaved per repetition.</summary>
    private sealed record ModelTimings(
        string Model, long MacsPerImage, int Slices, Pass Calibration,
        Pass[] Clean, Pass[] FloatUseChip, Pass[] FloatForward, Pass[] CrossbarUseChip, Pass[] CrossbarForward)
    {
        public Pass[] FloatChip => [.. FloatUseChip.Zip(FloatForward, (a, b) => a + b)];
        public Pass[] CrossbarChip => [.. CrossbarUseChip.Zip(CrossbarForward, (a, b) => a + b)];
        /// <summary>Median over repetitions of (UseChip + forward) / clean forward of the same repetition.</summary>
        public double FloatRatio => Median(FloatChip.Zip(Clean, (c, d) => c.Ms / d.Ms));
        /// <summary>Median over repetitions of crossbar chip / float chip of the same repetition (Zip pairs the first ones).</summary>
        public double CrossbarRatio => Median(CrossbarChip.Zip(FloatChip, (x, f) => x.Ms / f.Ms));
        public double CrossbarTarget => 1.5 * 2 * Slices;
    }

    private static void Run(Settings s, bool asJson)
    {
        var clock = Stopwatch.StartNew();
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        Log($"bench: {s.Images} images, {s.Repeats} repetitions (LeNet-5 ×{LeNetRepeatFactor}), {s.CrossbarRepeats} VGG-16 crossbar repetitions, " +
            $"{torch.get_num_threads()} threads, device {s.Device.type}{(s.Quick ? ", quick" : "")}");

        // 4. Memory first, while the process holds little else: growth is then not hidden by a large baseline.
        var memory = MeasureMemory(s);
        // 2. The machine's fp32 matrix-multiply rate.
        var (mmGflops, mmMs) = MeasureMatrixMultiply(s);

        var lenetSpec = new ModelSpec("lenet5", InChannels: 1, ImageSize: 28, Classes: 10);
        var vggSpec = new ModelSpec("vgg16", InChannels: 3, ImageSize: 32, Classes: 10, WidthMultiplier: s.VggWidth);
        var lenet = MeasureModel(s, lenetSpec, s.Repeats * LeNetRepeatFactor, s.Repeats * LeNetRepeatFactor);
        var vgg = MeasureModel(s, vggSpec, s.Repeats, Math.Min(s.CrossbarRepeats, s.Repeats));

        double vggGflops = 2.0 * vgg.MacsPerImage * s.Images / (Median(vgg.FloatChip.Select(p => p.Ms)) / 1000) / 1e9;
        double throughputRatio = vggGflops / mmGflops;

        // ---- report ----
        var rows = new List<(string Item, string Model, string Measured, string Target, bool Pass)>
        {
            ("1 float chip / clean forward", lenet.Model, Fmt(lenet.FloatRatio, "F3"), $"≤ {FloatTarget}", lenet.FloatRatio <= FloatTarget),
            ("1 float chip / clean forward", vgg.Model, Fmt(vgg.FloatRatio, "F3"), $"≤ {FloatTarget}", vgg.FloatRatio <= FloatTarget),
            ("2 Monte-Carlo GFLOP/s / torch.mm", vgg.Model,
                $"{Fmt(vggGflops, "F1")} / {Fmt(mmGflops, "F1")} = {Fmt(throughputRatio * 100, "F1")}%", $"≥ {ThroughputTarget * 100}%", throughputRatio >= ThroughputTarget),
            ("3 crossbar chip / float chip", lenet.Model, Fmt(lenet.CrossbarRatio, "F2"), $"≤ {Fmt(lenet.CrossbarTarget, "F0")}", lenet.CrossbarRatio <= lenet.CrossbarTarget),
            ("3 crossbar chip / float chip", vgg.Model, Fmt(vgg.CrossbarRatio, "F2"), $"≤ {Fmt(vgg.CrossbarTarget, "F0")}", vgg.CrossbarRatio <= vgg.CrossbarTarget),
            ("4 RSS growth chip 10 → 100", "lenet5",
                $"{Fmt(memory.Chip10Bytes / 1048576.0, "F1")} → {Fmt(memory.Chip100Bytes / 1048576.0, "F1")} MiB ({Fmt(memory.Growth * 100, "+0.0;-0.0")}%)",
                $"≤ {MemoryTarget * 100}%", memory.Growth <= MemoryTarget),
        };
        var targets = new Table().Title("correctnet bench: targets").AddColumns("item", "model", "measured", "target", "result");
        foreach (var row in rows)
            targets.AddRow(Markup.Escape(row.Item), Markup.Escape(row.Model), Markup.Escape(row.Measured), Markup.Escape(row.Target),
                row.Pass ? "[green]pass[/]" : "[red]FAIL[/]");
        AnsiConsole.Write(targets);

        var details = new Table().Title($"medians per pass of {s.Images} images: ms (minor page faults)").AddColumns(
            "model", "MMAC/image", "clean fwd", "float UseChip", "float fwd", "float chip", "xbar UseChip", "xbar fwd", "xbar chip", "xbar ToAnalog+calib.");
        foreach (var t in new[] { lenet, vgg })
            details.AddRow(Markup.Escape(t.Model), Fmt(t.MacsPerImage / 1e6, "F2"), Cell(t.Clean), Cell(t.FloatUseChip), Cell(t.FloatForward),
                Cell(t.FloatChip), Cell(t.CrossbarUseChip), Cell(t.CrossbarForward), Cell(t.CrossbarChip), Cell([t.Calibration]));
        AnsiConsole.Write(details);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"torch.mm {MatrixSize}×{MatrixSize}: {Fmt(mmMs, "F1")} ms = {Fmt(mmGflops, "F1")} GFLOP/s. " +
            $"RSS before the memory loop {Fmt(memory.StartBytes / 1048576.0, "F1")} MiB; chip 10 → 100 " +
            $"{Fmt((memory.Chip100Bytes - memory.Chip10Bytes) / 1024.0 / (MemoryChips - MemoryFirstCheckpoint), "F1")} KiB per chip. " +
            $"{torch.get_num_threads()} threads; {Fmt(clock.Elapsed.TotalSeconds, "F0")} s in all."));

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
                    clean_ms = MedianMs(t.Clean),
                    use_chip_ms = MedianMs(t.FloatUseChip),
                    forward_ms = MedianMs(t.FloatForward),
                    chip_ms = MedianMs(t.FloatChip),
                    clean_faults = MedianFaults(t.Clean),
                    chip_faults = MedianFaults(t.FloatChip),
                    ratio = t.FloatRatio,
                    target = FloatTarget,
                    pass = t.FloatRatio <= FloatTarget,
                }).ToArray(),
                throughput = new
                {
                    model = vgg.Model,
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
                    to_analog_with_calibration_ms = t.Calibration.Ms,
                    use_chip_ms = MedianMs(t.CrossbarUseChip),
                    forward_ms = MedianMs(t.CrossbarForward),
                    chip_ms = MedianMs(t.CrossbarChip),
                    chip_faults = MedianFaults(t.CrossbarChip),
                    float_chip_ms = MedianMs(t.FloatChip[..t.CrossbarChip.Length]),
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

    /// <summary>Float-mode LeNet-5 Monte-Carlo loop: UseChip + forward per chip; RSS after chip 10 and chip 100 (no forced GC).</summary>
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
        for (int r = 0; r < times.Length; r++) times[r] = Measure(s, () => { using var c = a.mm(b); }).Ms;
        double ms = Median(times);
        return (2.0 * Math.Pow(MatrixSize, 3) / (ms / 1000) / 1e9, ms);
    }

    /// <summary>
    /// Three identical (same seed) instances: the digital model, its float-mode twin and its crossbar-mode twin. After
    /// one untimed warm-up of each, every repetition times a clean forward, a float chip and (the first
    /// <paramref name="crossbarRepeats"/> repetitions) a crossbar chip, back to back. A model failing the crossbar
    /// target (or every model with --diagnose) then gets its crossbar time broken down on the same twins.
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
        using var calibrationImages = images.narrow(0, 0, Math.Min(s.CalibrationImages, s.Images));
        AnalogModel? crossbarTwin = null;
        var calibration = Measure(s, () => crossbarTwin = AnalogConversion.ToAnalog(crossbarModel, crossbarConfig, shape, calibrationImages));
        using var crossbarOwner = crossbarTwin!;
        Log($"{label}: crossbar ToAnalog with calibration on {calibrationImages.shape[0]} images: {Fmt(calibration.Ms, "F0")} ms");

        Log($"{label}: warm-up");
        Forward(digital, images);
        floatTwin.UseChip(new Chip(s.Seed, 0));
        Forward(floatModel, images);
        crossbarTwin!.UseChip(new Chip(s.Seed, 0));
        Forward(crossbarModel, images);

        var clean = new Pass[repeats];
        var floatUse = new Pass[repeats];
        var floatForward = new Pass[repeats];
        var crossbarUse = new Pass[crossbarRepeats];
        var crossbarForward = new Pass[crossbarRepeats];
        for (int r = 0; r < repeats; r++)
        {
            var chip = new Chip(s.Seed, r + 1);
            clean[r] = Measure(s, () => Forward(digital, images));
            floatUse[r] = Measure(s, () => floatTwin.UseChip(chip));
            floatForward[r] = Measure(s, () => Forward(floatModel, images));
            if (r < crossbarRepeats)
            {
                crossbarUse[r] = Measure(s, () => crossbarTwin.UseChip(chip));
                crossbarForward[r] = Measure(s, () => Forward(crossbarModel, images));
            }
            Log($"{label}: repetition {r + 1}/{repeats}: clean {Fmt(clean[r].Ms, "F1")} ms, float chip {Fmt(floatUse[r].Ms, "F1")} + {Fmt(floatForward[r].Ms, "F1")} ms" +
                (r < crossbarRepeats ? $", crossbar chip {Fmt(crossbarUse[r].Ms, "F1")} + {Fmt(crossbarForward[r].Ms, "F1")} ms" : ""));
        }
        var timings = new ModelTimings(label, macs, crossbarConfig.Hardware.Slices, calibration,
            clean, floatUse, floatForward, crossbarUse, crossbarForward);
        return timings;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private sealed class HookHandle(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    /// <summary>Successive laps of wall time and page faults.</summary>
    private sealed class Lapper(Device device)
    {
        private long _start, _faults;

        public void Restart()
        {
            Sync(device);
            _faults = MinorFaults();
            _start = Stopwatch.GetTimestamp();
        }

        public Pass Lap()
        {
            Sync(device);
            long now = Stopwatch.GetTimestamp(), faults = MinorFaults();
            var pass = new Pass(Stopwatch.GetElapsedTime(_start, now).TotalMilliseconds, faults - _faults);
            _faults = faults;
            _start = Stopwatch.GetTimestamp();
            return pass;
        }
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

    private static Pass Measure(Settings s, Action action)
    {
        Sync(s.Device);
        long faults = MinorFaults();
        long start = Stopwatch.GetTimestamp();
        action();
        Sync(s.Device);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new Pass(ms, MinorFaults() - faults);
    }

    private static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }

    /// <summary>Minor page faults of this process so far (field 10 of /proc/self/stat); 0 where unavailable.</summary>
    private static long MinorFaults()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
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

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double MedianMs(IEnumerable<Pass> passes) => Median(passes.Select(p => p.Ms));

    private static long MedianFaults(IEnumerable<Pass> passes) => (long)Median(passes.Select(p => (double)p.Faults));

    private static Pass MedianPass(IEnumerable<Pass> passes)
    {
        var list = passes.ToList();
        return new Pass(MedianMs(list), MedianFaults(list));
    }

    private static Pass Sum(IEnumerable<Pass> passes) => passes.Aggregate(new Pass(0, 0), (a, b) => a + b);

    private static string Cell(Pass p) => $"{Fmt(p.Ms, "F1")} ({p.Faults})";

    private static string Cell(Pass[] passes) => Cell(MedianPass(passes));

    private static string Fmt(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Log(string message) => Console.Error.WriteLine(message);
}
