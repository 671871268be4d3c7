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
    /// <summary>The library's chunking rule for ADC partial sums (AnalogLayer.MaxPartialSumElements).</summary>
    private const long LibraryPartialSumElements = 1L << 25;

    public static Command Create()
    {
        var images = new Option<int?>("--images") { Description = "Random images per forward pass (one batch). Default 500; 64 with --quick." };
        var repeats = new Option<int?>("--repeats") { Description = $"Timed repetitions for VGG-16 (LeNet-5 gets {LeNetRepeatFactor}×); medians are reported. Default 5; 2 with --quick." };
        var crossbarRepeats = new Option<int?>("--crossbar-repeats") { Description = "Timed repetitions of VGG-16 crossbar-mode chips (slow), paired with the first float repetitions. Default 3; 1 with --quick." };
        var vggWidth = new Option<double>("--vgg-width") { Description = "Channel width multiplier of VGG-16.", DefaultValueFactory = _ => 1.0 };
        var sigma = new Option<double>("--sigma") { Description = "σ of the lognormal device variation.", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<long>("--seed") { Description = "Seed of weights, images and chips.", DefaultValueFactory = _ => 1 };
        var calibration = new Option<int>("--calibration-images") { Description = "First images of the batch that calibrate DAC/ADC ranges in crossbar mode.", DefaultValueFactory = _ => 100 };
        var diagnose = new Option<bool>("--diagnose") { Description = "Always break crossbar-mode time down per layer and per operation. Without it the breakdown runs only for a model that fails the crossbar target (never with --quick)." };
        var diagnoseImages = new Option<int>("--diagnose-images") { Description = "Images used by the crossbar breakdown (at most --images).", DefaultValueFactory = _ => 128 };
        var quick = new Option<bool>("--quick") { Description = "Fewer repetitions and a smaller batch: a smoke test for CI, not a measurement." };
        var threads = new Option<int?>("--threads") { Description = "Intra-op CPU threads (torch.set_num_threads), ≥ 1. Default: libtorch's choice." };
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("bench",
            "Measure Monte-Carlo speed and memory against the kit's targets: float-mode chip vs clean forward (LeNet-5, VGG-16), " +
            "VGG-16 GFLOP/s vs torch.mm, crossbar mode (RRAM preset) vs float mode, resident memory over 100 chips.")
        {
            images, repeats, crossbarRepeats, vggWidth, sigma, seed, calibration, diagnose, diagnoseImages, quick, threads, device, json,
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
                DiagnoseImages: parse.GetValue(diagnoseImages),
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
        int CalibrationImages, bool Diagnose, int DiagnoseImages, bool Quick, Device Device)
    {
        public void Validate()
        {
            if (Images < 1) throw new ArgumentException($"--images {Images}: expected ≥ 1.");
            if (Repeats < 1) throw new ArgumentException($"--repeats {Repeats}: expected ≥ 1.");
            if (CrossbarRepeats < 1) throw new ArgumentException($"--crossbar-repeats {CrossbarRepeats}: expected ≥ 1.");
            if (!double.IsFinite(VggWidth) || VggWidth <= 0) throw new ArgumentException($"--vgg-width {VggWidth}: expected a positive number.");
            if (!double.IsFinite(Sigma) || Sigma < 0) throw new ArgumentException($"--sigma {Sigma}: expected ≥ 0.");
            if (CalibrationImages < 1) throw new ArgumentException($"--calibration-images {CalibrationImages}: expected ≥ 1.");
            if (DiagnoseImages < 1) throw new ArgumentException($"--diagnose-images {DiagnoseImages}: expected ≥ 1.");
        }

        /// <summary>Timed repetitions of the crossbar breakdown (after one untimed warm-up).</summary>
        public int DiagnoseRepeats => Quick ? 1 : 2;
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
        var diagnoses = new List<CrossbarDiagnosis>();
        var lenet = MeasureModel(s, lenetSpec, s.Repeats * LeNetRepeatFactor, s.Repeats * LeNetRepeatFactor, diagnoses);
        var vgg = MeasureModel(s, vggSpec, s.Repeats, Math.Min(s.CrossbarRepeats, s.Repeats), diagnoses);
        var probe = diagnoses.Count > 0 ? ProbeAllocation(s) : null;

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
        foreach (var d in diagnoses) PrintDiagnosis(d);
        if (probe is not null) PrintProbe(probe);

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
                crossbar_breakdown = diagnoses.Select(d => new
                {
                    model = d.Model,
                    images = d.Images,
                    digital_ms = d.Layers.Sum(l => l.Digital.Ms),
                    float_ms = d.Layers.Sum(l => l.Float.Ms),
                    crossbar_ms = d.Layers.Sum(l => l.Crossbar.Ms),
                    crossbar_faults = d.Layers.Sum(l => l.Crossbar.Faults),
                    replica_ms = d.Layers.Sum(l => l.Phases.Sum(p => p.Ms)),
                    phases_ms = PhaseNames.Select((name, i) => (name, ms: d.Layers.Sum(l => l.Phases[i].Ms))).ToDictionary(p => p.name, p => p.ms),
                    phases_faults = PhaseNames.Select((name, i) => (name, f: d.Layers.Sum(l => l.Phases[i].Faults))).ToDictionary(p => p.name, p => p.f),
                }).ToArray(),
                allocation_probe = probe,
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
    private static ModelTimings MeasureModel(Settings s, ModelSpec spec, int repeats, int crossbarRepeats, List<CrossbarDiagnosis> diagnoses)
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

        if (s.Diagnose || (timings.CrossbarRatio > timings.CrossbarTarget && !s.Quick))
            diagnoses.Add(DiagnoseCrossbar(s, label, crossbarConfig, images, digital, floatModel, crossbarModel));
        return timings;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Crossbar diagnosis

    private static readonly string[] PhaseNames = ["dac", "im2col", "mm", "adc", "accumulate", "combine"];

    private sealed record LayerCall(
        string Name, bool IsConv, Tensor Input, long[] Output, long[] Kernel, long[] Stride, long[] Padding, long[] Dilation,
        long OutChannels, long Rows, long MacsPerImage);

    private sealed record LayerDiagnosis(LayerCall Layer, long Tiles, long Chunk, Pass Digital, Pass Float, Pass Crossbar, Pass[] Phases);

    private sealed record CrossbarDiagnosis(string Model, int Images, int ColumnGroups, LayerDiagnosis[] Layers);

    /// <summary>
    /// Where crossbar-mode time goes, on the first --diagnose-images images. Each Conv2d/Linear is called alone on its
    /// recorded input in the digital, float and crossbar models (the crossbar call includes the module's own digital
    /// output, then the library's forward hook), and beside it a replica of AnalogLayer.CrossbarForward (same
    /// shapes, tiles, chunking and tensor operations, for an 8-bit DAC/ADC without bit-serial input) times each
    /// operation. One untimed round, then medians of the timed rounds.
    /// </summary>
    private static CrossbarDiagnosis DiagnoseCrossbar(
        Settings s, string label, CrossbarConfig config, Tensor images,
        nn.Module<Tensor, Tensor> digital, nn.Module<Tensor, Tensor> floatModel, nn.Module<Tensor, Tensor> crossbarModel)
    {
        int n = (int)Math.Min(s.DiagnoseImages, images.shape[0]);
        Log($"{label}: crossbar breakdown on {n} images (per layer and per operation), {s.DiagnoseRepeats} timed rounds");
        using var batch = images.narrow(0, 0, n);
        var profiles = LayerProfiler.Profile(digital, [.. images.shape[1..]]).ToDictionary(p => p.Name);
        var layers = CaptureLayerCalls(digital, batch, profiles);
        try
        {
            var floatModules = LayerModules(floatModel);
            var crossbarModules = LayerModules(crossbarModel);
            var digitalModules = LayerModules(digital);
            var hardware = config.Hardware;
            int groups = 2 * hardware.Slices;
            int tileRows = hardware.Rows ?? int.MaxValue;
            var samples = layers.Select(_ => new List<(Pass Digital, Pass Float, Pass Crossbar, Pass[] Phases, long Tiles, long Chunk)>()).ToArray();
            for (int round = 0; round <= s.DiagnoseRepeats; round++)
            {
                for (int i = 0; i < layers.Count; i++)
                {
                    var layer = layers[i];
                    var d = Measure(s, () => CallLayer(digitalModules[layer.Name], layer.Input));
                    var f = Measure(s, () => CallLayer(floatModules[layer.Name], layer.Input));
                    var x = Measure(s, () => CallLayer(crossbarModules[layer.Name], layer.Input));
                    var (tiles, chunk, phases) = ReplicateCrossbarLayer(s, layer, tileRows, groups);
                    if (round > 0) samples[i].Add((d, f, x, phases, tiles, chunk));
                }
            }
            var result = layers.Select((layer, i) =>
            {
                var list = samples[i];
                return new LayerDiagnosis(layer, list[0].Tiles, list[0].Chunk,
                    MedianPass(list.Select(v => v.Digital)), MedianPass(list.Select(v => v.Float)), MedianPass(list.Select(v => v.Crossbar)),
                    [.. Enumerable.Range(0, PhaseNames.Length).Select(p => MedianPass(list.Select(v => v.Phases[p])))]);
            }).ToArray();
            return new CrossbarDiagnosis(label, n, groups, result);
        }
        finally
        {
            foreach (var layer in layers) layer.Input.Dispose();
        }
    }

    private static Dictionary<string, nn.Module<Tensor, Tensor>> LayerModules(nn.Module<Tensor, Tensor> model) =>
        model.named_modules().Where(m => m.module is Conv2d or Linear).ToDictionary(m => m.name, m => (nn.Module<Tensor, Tensor>)m.module);

    private static void CallLayer(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        module.call(input);
    }

    /// <summary>Every Conv2d/Linear of the digital model with a copy of its input for <paramref name="batch"/>.</summary>
    private static List<LayerCall> CaptureLayerCalls(nn.Module<Tensor, Tensor> model, Tensor batch, Dictionary<string, LayerProfile> profiles)
    {
        var calls = new List<LayerCall>();
        var inputs = new Dictionary<string, Tensor>();
        var hooks = new List<HookHandle>();
        foreach (var (name, layer) in LayerModules(model))
        {
            hooks.Add(new HookHandle(layer.register_forward_pre_hook((_, input) =>
            {
                inputs.TryAdd(name, input.detach().clone().DetachFromDisposeScope());
                return input;
            }).remove));
            hooks.Add(new HookHandle(layer.register_forward_hook((_, _, output) =>
            {
                if (calls.Any(c => c.Name == name)) return output;
                var p = profiles[name];
                calls.Add(layer is Conv2d conv
                    ? new LayerCall(name, true, inputs[name], output.shape, conv.kernel_size, conv.stride, conv.padding ?? [0, 0], conv.dilation, p.OutChannels, p.WeightRows, p.Macs)
                    : new LayerCall(name, false, inputs[name], output.shape, [1, 1], [1, 1], [0, 0], [1, 1], p.OutChannels, p.WeightRows, p.Macs));
                return output;
            }).remove));
        }
        try { Forward(model, batch); }
        finally { foreach (var h in hooks) h.Dispose(); }
        return calls;
    }

    /// <summary>
    /// The tensor operations of AnalogLayer.CrossbarForward on random data of the layer's shapes, each timed: DAC codes,
    /// im2col (unfold, transpose, reshape copy), one mm per row tile, ADC codes per tile (div_, round_, clamp_), the
    /// digital sum over tiles (add_), and the shift-and-add, rescale, bias and reshape of the result.
    /// </summary>
    private static (long Tiles, long Chunk, Pass[] Phases) ReplicateCrossbarLayer(Settings s, LayerCall layer, int tileRowsLimit, int groups)
    {
        var phases = new Pass[PhaseNames.Length];
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)s.Seed);
        var device = s.Device;
        long n = layer.Input.shape[0], rows = layer.Rows, outChannels = layer.OutChannels;
        long tileRows = Math.Min(tileRowsLimit, rows), tiles = (rows + tileRows - 1) / tileRows;
        long positions = layer.IsConv ? layer.Output[2] * layer.Output[3] : 1;
        var input = rand(layer.Input.shape, generator: generator).to(device).mul_(3);
        var conductance = randint(0, 4, [groups * outChannels, rows], generator: generator).to_type(ScalarType.Float32).to(device);
        var columns = conductance.t(); // (rows, P·S·out), as the library views its conductances
        var coefficients = rand([groups, 1], generator: generator).to(device);
        var scale = rand([outChannels, 1], generator: generator).to(device);
        var bias = rand([outChannels], generator: generator).to(device);
        const double step = 3.0 / 255, lsb = 8.0;

        long chunk = Math.Max(1, LibraryPartialSumElements / Math.Max(1, groups * outChannels * positions));
        var outputs = new List<Tensor>();
        var clock = new Lapper(device);
        for (long start = 0; start < n; start += chunk)
        {
            using var chunkScope = NewDisposeScope();
            long size = Math.Min(chunk, n - start);
            clock.Restart();
            var x = (input.narrow(0, start, size) / step).round_().clamp_(0, 255);
            phases[0] += clock.Lap();
            var cols = layer.IsConv
                ? nn.functional.unfold(x, (layer.Kernel[0], layer.Kernel[1]), (layer.Dilation[0], layer.Dilation[1]), (layer.Padding[0], layer.Padding[1]), (layer.Stride[0], layer.Stride[1])).transpose(1, 2)
                : x.unsqueeze(1);
            var flat = cols.reshape(-1, rows);
            phases[1] += clock.Lap();
            Tensor? codes = null;
            for (long t = 0; t < tiles; t++)
            {
                long first = t * tileRows, count = Math.Min(tileRows, rows - first);
                var partial = flat.narrow(1, first, count).mm(columns.narrow(0, first, count));
                phases[2] += clock.Lap();
                var tileCodes = partial.div_(lsb).round_().clamp_(0, 255);
                phases[3] += clock.Lap();
                codes = codes is null ? tileCodes : codes.add_(tileCodes);
                phases[4] += clock.Lap();
            }
            var y = codes!.reshape(-1, groups, outChannels).mul_(coefficients).sum(1);
            y = y.reshape(size, 1, positions, outChannels);
            outputs.Add(y.sum(1).permute(0, 2, 1).MoveToOuterDisposeScope());
            phases[5] += clock.Lap();
        }
        clock.Restart();
        var result = cat(outputs, 0) * (scale.unsqueeze(0) * (lsb * step));
        result = result + bias.reshape(1, -1, 1);
        _ = layer.IsConv ? result.reshape(layer.Output) : result.squeeze(-1);
        phases[5] += clock.Lap();
        return (tiles, chunk, phases);
    }

    /// <summary>What a fresh large tensor costs here, and what the crossbar's tile matmuls cost with other output sizes.</summary>
    private sealed record AllocationProbe(
        double FreshFillMs, long FreshFillFaults, double ReusedFillMs, double MicrosecondsPerFault,
        double TileFreshMs, long TileFreshFaults, double TileReusedMs, double Tile8192Ms, double Tile2048WithAdcMs, double TileFreshWithAdcMs, double TileGmac);

    /// <summary>
    /// (a) fill_ of a fresh 128 MB tensor vs of a reused one: the cost of first-touch page faults. (b) The crossbar's
    /// tile product for VGG-16 conv2 on 64 images (65,536 × 128 slice of a 576-wide im2col matrix times 128 × 512
    /// columns, 4 tiles): fresh 128 MB output per tile (the library), addmm_ into one reused output, outputs of
    /// 8,192 rows (16 MB), and 2,048-row pieces (4 MB) with the ADC ops applied to each piece.
    /// </summary>
    private static AllocationProbe ProbeAllocation(Settings s)
    {
        Log("allocation probe: fresh vs reused tensors, tile matmul output sizes");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)s.Seed);
        const long elements = 1L << 25;
        var reused = empty([elements], device: s.Device);
        reused.fill_(0);
        var freshFill = new List<Pass>();
        var reusedFill = new List<Pass>();
        for (int r = 0; r < 5; r++)
        {
            freshFill.Add(Measure(s, () => { using var t = empty([elements], device: s.Device); t.fill_(1); }));
            reusedFill.Add(Measure(s, () => reused.fill_(1)));
        }
        var fresh = MedianPass(freshFill);
        var again = MedianPass(reusedFill);

        const long m = 65536, width = 576, columnsCount = 512, tileRows = 128;
        const int tiles = 4;
        var flat = rand([m, width], generator: generator).to(s.Device);
        var columns = rand([columnsCount, width], generator: generator).to(s.Device).t();
        var output = empty([m, columnsCount], device: s.Device);
        Tensor A(int t) => flat.narrow(1, t * tileRows, tileRows);
        Tensor B(int t) => columns.narrow(0, t * tileRows, tileRows);
        var tileFresh = new List<Pass>();
        var tileReused = new List<Pass>();
        var tile8192 = new List<Pass>();
        var tile2048 = new List<Pass>();
        var tileFreshAdc = new List<Pass>();
        for (int r = 0; r <= 3; r++)
        {
            var a = Measure(s, () => { for (int t = 0; t < tiles; t++) { using var c = A(t).mm(B(t)); } });
            var b = Measure(s, () => { for (int t = 0; t < tiles; t++) output.addmm_(A(t), B(t), beta: 0, alpha: 1); });
            var c8 = Measure(s, () =>
            {
                for (int t = 0; t < tiles; t++)
                    for (long start = 0; start < m; start += 8192) { using var c = A(t).narrow(0, start, 8192).mm(B(t)); }
            });
            var c5 = Measure(s, () =>
            {
                for (int t = 0; t < tiles; t++)
                    for (long start = 0; start < m; start += 2048) { using var c = A(t).narrow(0, start, 2048).mm(B(t)); c.div_(8.0).round_().clamp_(0, 255); }
            });
            var fa = Measure(s, () => { for (int t = 0; t < tiles; t++) { using var c = A(t).mm(B(t)); c.div_(8.0).round_().clamp_(0, 255); } });
            if (r == 0) continue; // warm-up
            tileFresh.Add(a); tileReused.Add(b); tile8192.Add(c8); tile2048.Add(c5); tileFreshAdc.Add(fa);
        }
        var tf = MedianPass(tileFresh);
        return new AllocationProbe(
            fresh.Ms, fresh.Faults, again.Ms, fresh.Faults > 0 ? (fresh.Ms - again.Ms) * 1000 / fresh.Faults : double.NaN,
            tf.Ms, tf.Faults, MedianPass(tileReused).Ms, MedianPass(tile8192).Ms, MedianPass(tile2048).Ms, MedianPass(tileFreshAdc).Ms,
            (double)tiles * m * tileRows * columnsCount / 1e9);
    }

    private static void PrintDiagnosis(CrossbarDiagnosis d)
    {
        var table = new Table().Title($"{d.Model} crossbar mode: where the time goes on {d.Images} images, ms (page faults); medians")
            .AddColumns("layer", "GMAC", "tiles", "chunk", "digital", "float", "crossbar", "replica", "dac", "im2col", "mm", "adc", "accum.", "combine");
        foreach (var l in d.Layers)
            table.AddRow(
                Markup.Escape(l.Layer.Name), Fmt(l.Layer.MacsPerImage * (double)d.Images / 1e9, "F2"),
                l.Tiles.ToString(CultureInfo.InvariantCulture), l.Chunk.ToString(CultureInfo.InvariantCulture),
                Cell(l.Digital), Cell(l.Float), Cell(l.Crossbar), Cell(Sum(l.Phases)),
                Cell(l.Phases[0]), Cell(l.Phases[1]), Cell(l.Phases[2]), Cell(l.Phases[3]), Cell(l.Phases[4]), Cell(l.Phases[5]));
        var totals = Enumerable.Range(0, PhaseNames.Length).Select(i => Sum(d.Layers.Select(l => l.Phases[i]))).ToArray();
        var digital = Sum(d.Layers.Select(l => l.Digital));
        var floatPass = Sum(d.Layers.Select(l => l.Float));
        var crossbar = Sum(d.Layers.Select(l => l.Crossbar));
        var replica = Sum(totals);
        table.AddRow("[bold]total[/]", Fmt(d.Layers.Sum(l => l.Layer.MacsPerImage) * (double)d.Images / 1e9, "F2"), "", "",
            Cell(digital), Cell(floatPass), Cell(crossbar), Cell(replica),
            Cell(totals[0]), Cell(totals[1]), Cell(totals[2]), Cell(totals[3]), Cell(totals[4]), Cell(totals[5]));
        AnsiConsole.Write(table);
        string shares = string.Join(", ", PhaseNames.Select((name, i) => $"{name} {Fmt(100 * totals[i].Ms / replica.Ms, "F0")}%"));
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{d.Model}: crossbar layers {Fmt(crossbar.Ms, "F0")} ms = {Fmt(crossbar.Ms / floatPass.Ms, "F1")} × float layers; " +
            $"the module's own digital output (computed, then replaced by the hook) costs {Fmt(digital.Ms, "F0")} ms of it. " +
            $"Replica of the hook {Fmt(replica.Ms, "F0")} ms: {shares}; mm alone = {Fmt(totals[2].Ms / floatPass.Ms, "F1")} × float layers " +
            $"for {d.ColumnGroups}× their MACs (polarities × slices)."));
    }

    private static void PrintProbe(AllocationProbe p)
    {
        AnsiConsole.MarkupLine(Markup.Escape(
            $"allocation probe: fill_ of a fresh 128 MB tensor {Fmt(p.FreshFillMs, "F0")} ms ({p.FreshFillFaults} page faults) vs reused " +
            $"{Fmt(p.ReusedFillMs, "F0")} ms → {Fmt(p.MicrosecondsPerFault, "F1")} µs per fault. VGG-16 conv2 tile products on 64 images " +
            $"({Fmt(p.TileGmac, "F1")} GMAC in 4 tiles): fresh 128 MB output per tile (as the library) {Fmt(p.TileFreshMs, "F0")} ms " +
            $"({p.TileFreshFaults} faults); same + ADC ops {Fmt(p.TileFreshWithAdcMs, "F0")} ms; addmm_ into one reused output {Fmt(p.TileReusedMs, "F0")} ms; " +
            $"8192-row outputs (16 MB) {Fmt(p.Tile8192Ms, "F0")} ms; 2048-row outputs (4 MB) with the ADC ops {Fmt(p.Tile2048WithAdcMs, "F0")} ms."));
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

    private static double Median(IEnumerable<double> values)
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
