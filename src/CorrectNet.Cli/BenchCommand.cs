using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CorrectNet.Benchmarks;
using Spectre.Console;
using TorchSharp;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet bench: the options, and the rendering of what <see cref="SimulatorBench"/> (or, with --penalty,
/// <see cref="PenaltyBench"/>) measured against <see cref="BenchTargets"/>. Progress goes to stderr, the tables to
/// stdout; with --json the tables go to stderr too, so stdout holds the JSON alone.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var images = new Option<int?>("--images")
        {
            Description = "Random images per forward pass (one batch). Default 500; 64 with --quick.",
        };
        var repeats = new Option<int?>("--repeats")
        {
            Description = $"Timed repetitions for VGG-16 (LeNet-5 gets {SimulatorBench.LeNetRepeatFactor}×); " +
                "medians are reported. Default 5; 2 with --quick.",
        };
        var crossbarRepeats = new Option<int?>("--crossbar-repeats")
        {
            Description = "Timed repetitions of VGG-16 crossbar-mode chips (slow), paired with the first float " +
                "repetitions. Default 3; 1 with --quick.",
        };
        var vggWidth = new Option<double>("--vgg-width")
        {
            Description = "Channel width multiplier of VGG-16.",
            DefaultValueFactory = _ => 1.0,
        };
        var sigma = new Option<double>("--sigma")
        {
            Description = "σ of the lognormal device variation.",
            DefaultValueFactory = _ => 0.5,
        }.Sigma();
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of weights, images and chips.",
            DefaultValueFactory = _ => 1,
        };
        var calibration = new Option<int>("--calibration-images")
        {
            Description = "First images of the batch that calibrate DAC/ADC ranges in crossbar mode.",
            DefaultValueFactory = _ => 100,
        };
        var quick = new Option<bool>("--quick")
        {
            Description = "Fewer repetitions and a smaller batch: a smoke test for CI, not a measurement.",
        };
        var penalty = new Option<bool>("--penalty")
        {
            Description = "Instead: the training-step time with the enhanced Lipschitz penalty against without it " +
                "(LeNet-5, VGG-16 at --vgg-width), --repeats steps each, batch --images (default 128).",
        };
        var training = new Option<bool>("--training")
        {
            Description = "Instead: the kit's training speed against a plain hand-written loop measured in the same " +
                "run (LeNet-5, VGG-16 at --vgg-width, batch 128), --steps steps, --repeats repetitions " +
                "(default 3; 1 with --quick).",
        };
        var steps = new Option<int?>("--steps")
        {
            Description = "Training steps (batches of one epoch) per repetition of --training. Default 30; 3 with " +
                "--quick.",
        };
        var threads = new Option<int?>("--threads")
        {
            Description = "Intra-op CPU threads (torch.set_num_threads), ≥ 1. Default: libtorch's choice.",
        };
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("bench",
            "Measure Monte-Carlo speed and memory against the kit's targets: float-mode chip vs clean forward " +
            "(LeNet-5, VGG-16), VGG-16 GFLOP/s vs torch.mm, crossbar mode (RRAM preset) vs float mode, resident " +
            $"memory over {SimulatorBench.MemoryChips} chips.")
        {
            images, repeats, crossbarRepeats, vggWidth, sigma, seed, calibration, quick, penalty, training, steps,
            threads, device, json,
        };
        command.SetAction(parse =>
        {
            bool isQuick = parse.GetValue(quick);
            var settings = new BenchSettings(
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
                int batch = parse.GetValue(images) ?? 128;
                int steps = parse.GetValue(repeats) ?? (isQuick ? 3 : 20);
                var results = PenaltyBench.Run(batch, steps, settings.VggWidth, settings.Seed, settings.Device, Log);
                RenderPenalty(results, batch, steps, parse.GetValue(json), TablesFor(parse.GetValue(json)));
                return 0;
            }
            if (parse.GetValue(training))
            {
                int trainingSteps = parse.GetValue(steps) ?? (isQuick ? 3 : 30);
                if (trainingSteps < 1) throw new ArgumentException($"--steps {trainingSteps}: expected ≥ 1.");
                int trainingRepeats = parse.GetValue(repeats) ?? (isQuick ? 1 : 3);
                var results = TrainingBench.Run(trainingSteps, trainingRepeats, settings.VggWidth, settings.Seed,
                    settings.Device, Log);
                RenderTraining(results, trainingRepeats, parse.GetValue(json), TablesFor(parse.GetValue(json)));
                return 0;
            }
            var clock = Stopwatch.StartNew();
            var tables = TablesFor(parse.GetValue(json));
            Log($"bench: {settings.Images} images, {settings.Repeats} repetitions " +
                $"(LeNet-5 ×{SimulatorBench.LeNetRepeatFactor}), {settings.CrossbarRepeats} VGG-16 crossbar " +
                $"repetitions, {torch.get_num_threads()} threads, device {settings.Device.type}" +
                (settings.Quick ? ", quick" : ""));
            var result = SimulatorBench.Run(settings, Log);
            Render(result, clock, parse.GetValue(json), tables);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Where the tables go: stdout, or stderr under --json (stdout then holds the JSON alone). Written to a file or
    /// pipe, the console is at least 200 columns wide, so the tables do not wrap.
    /// </summary>
    private static IAnsiConsole TablesFor(bool json)
    {
        var console = json
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            : AnsiConsole.Console;
        if (json ? Console.IsErrorRedirected : Console.IsOutputRedirected)
            console.Profile.Width = Math.Max(console.Profile.Width, 200);
        return console;
    }

    private static void Render(SimulatorBenchResult r, Stopwatch clock, bool asJson, IAnsiConsole tables)
    {
        var s = r.Settings;
        var (lenet, vgg, memory, mm) = (r.LeNet, r.Vgg, r.Memory, r.MatrixMultiply);
        const double MiB = 1048576.0;
        var rows = new (string Item, TargetCheck Check, string Measured, string Target)[]
        {
            ("1 float chip / clean forward", r.LeNetFloat, Fmt(lenet.FloatRatio, "F3"), $"≤ {r.LeNetFloat.Limit}"),
            ("1 float chip / clean forward", r.VggFloat, Fmt(vgg.FloatRatio, "F3"), $"≤ {r.VggFloat.Limit}"),
            ("2 Monte-Carlo GFLOP/s / torch.mm", r.Throughput,
                $"{Fmt(r.VggGflops, "F1")} / {Fmt(mm.Gflops, "F1")} = {Fmt(r.ThroughputRatio * 100, "F1")}%",
                $"≥ {r.Throughput.Limit * 100}%"),
            ("3 crossbar chip / float chip", r.LeNetCrossbar, Fmt(lenet.CrossbarRatio, "F2"),
                $"≤ {Fmt(r.LeNetCrossbar.Limit, "F0")}"),
            ("3 crossbar chip / float chip", r.VggCrossbar, Fmt(vgg.CrossbarRatio, "F2"),
                $"≤ {Fmt(r.VggCrossbar.Limit, "F0")}"),
            ($"4 RSS growth chip {SimulatorBench.MemoryFirstCheckpoint} → {SimulatorBench.MemoryChips}",
                r.MemoryCheck,
                $"{Fmt(memory.Chip10Bytes / MiB, "F1")} → {Fmt(memory.Chip100Bytes / MiB, "F1")} MiB " +
                $"({Fmt(memory.Growth * 100, "+0.0;-0.0")}%)",
                $"≤ {r.MemoryCheck.Limit * 100}%"),
        };
        var targets = new Table().Title("correctnet bench: targets")
            .AddColumns("item", "model", "measured", "target", "result");
        foreach (var row in rows)
            targets.AddRow(Markup.Escape(row.Item), Markup.Escape(row.Check.Model), Markup.Escape(row.Measured),
                Markup.Escape(row.Target), row.Check.Pass ? "[green]pass[/]" : "[red]FAIL[/]");
        tables.Write(targets);

        var details = new Table().Title($"medians per pass of {s.Images} images: ms (minor page faults)").AddColumns(
            "model", "MMAC/image", "clean fwd", "float UseChip", "float fwd", "float chip", "xbar UseChip", "xbar fwd",
            "xbar chip", "xbar ToAnalog+calib.");
        foreach (var t in new[] { lenet, vgg })
            details.AddRow(Markup.Escape(t.Model), Fmt(t.MacsPerImage / 1e6, "F2"), Cell(t.Clean),
                Cell(t.FloatUseChip), Cell(t.FloatForward), Cell(t.FloatChip), Cell(t.CrossbarUseChip),
                Cell(t.CrossbarForward), Cell(t.CrossbarChip), Cell([t.Calibration]));
        tables.Write(details);
        tables.Write(SpeedupTable(r));
        if (r.AdcNoise is { } adc)
            tables.MarkupLine(Markup.Escape(
                $"ADC conversion of {adc.Elements} partial sums at 0.5 LSB of noise (docs/method.md F35): libtorch's " +
                $"normal_ + add_ + floor_ + clamp_ {Fmt(adc.LibtorchNs, "F2")} ns each, the counter-based stream " +
                $"{Fmt(adc.StreamNs, "F2")} ns each: {Fmt(adc.Speedup, "F2")}× (median of ratios, this run)."));
        tables.MarkupLine(Markup.Escape(
            $"torch.mm {mm.Size}×{mm.Size}: {Fmt(mm.Ms, "F1")} ms = {Fmt(mm.Gflops, "F1")} GFLOP/s. " +
            $"RSS before the memory loop {Fmt(memory.StartBytes / MiB, "F1")} MiB; chip " +
            $"{SimulatorBench.MemoryFirstCheckpoint} → {SimulatorBench.MemoryChips} " +
            $"{Fmt(memory.BytesPerChip / 1024.0, "F1")} KiB per chip. " +
            $"{torch.get_num_threads()} threads; {Fmt(clock.Elapsed.TotalSeconds, "F0")} s in all."));

        if (!asJson) return;
        Console.WriteLine(JsonFormat.Serialize(new
        {
            images = s.Images,
            repeats = s.Repeats,
            crossbar_repeats = s.CrossbarRepeats,
            threads = torch.get_num_threads(),
            device = s.Device.ToString(),
            quick = s.Quick,
            vgg_width = s.VggWidth,
            float_mode = new[] { (lenet, r.LeNetFloat), (vgg, r.VggFloat) }.Select(x => new
            {
                model = x.Item1.Model,
                clean_ms = BenchMedians.Ms(x.Item1.Clean),
                use_chip_ms = BenchMedians.Ms(x.Item1.FloatUseChip),
                forward_ms = BenchMedians.Ms(x.Item1.FloatForward),
                chip_ms = BenchMedians.Ms(x.Item1.FloatChip),
                clean_faults = BenchMedians.Faults(x.Item1.Clean),
                chip_faults = BenchMedians.Faults(x.Item1.FloatChip),
                ratio = x.Item2.Measured,
                target = x.Item2.Limit,
                pass = x.Item2.Pass,
            }).ToArray(),
            throughput = new
            {
                model = vgg.Model,
                macs_per_image = vgg.MacsPerImage,
                monte_carlo_gflops = r.VggGflops,
                mm_gflops = mm.Gflops,
                mm_ms = mm.Ms,
                ratio = r.ThroughputRatio,
                target = r.Throughput.Limit,
                pass = r.Throughput.Pass,
            },
            crossbar_mode = new[] { (lenet, r.LeNetCrossbar), (vgg, r.VggCrossbar) }.Select(x => new
            {
                model = x.Item1.Model,
                slices = x.Item1.Slices,
                to_analog_with_calibration_ms = x.Item1.Calibration.Ms,
                use_chip_ms = BenchMedians.Ms(x.Item1.CrossbarUseChip),
                forward_ms = BenchMedians.Ms(x.Item1.CrossbarForward),
                chip_ms = BenchMedians.Ms(x.Item1.CrossbarChip),
                chip_faults = BenchMedians.Faults(x.Item1.CrossbarChip),
                float_chip_ms = BenchMedians.Ms(x.Item1.FloatChip[..x.Item1.CrossbarChip.Length]),
                ratio = x.Item2.Measured,
                target = x.Item2.Limit,
                pass = x.Item2.Pass,
            }).ToArray(),
            monte_carlo_speedup = SpeedupRows(r).Select(x => new
            {
                model = x.Model,
                mode = x.Mode,
                reference_chip_ms = x.ReferenceMs,
                fast_chip_ms = x.FastMs,
                speedup = x.Speedup,
            }).ToArray(),
            adc_noise = r.AdcNoise is { } noise
                ? new
                {
                    elements = noise.Elements,
                    libtorch_ns = noise.LibtorchNs,
                    stream_ns = noise.StreamNs,
                    speedup = noise.Speedup,
                }
                : null,
            memory = new
            {
                model = r.MemoryCheck.Model,
                start_bytes = memory.StartBytes,
                chip10_bytes = memory.Chip10Bytes,
                chip100_bytes = memory.Chip100Bytes,
                growth = memory.Growth,
                target = r.MemoryCheck.Limit,
                pass = r.MemoryCheck.Pass,
            },
            all_pass = r.AllPass,
            seconds = clock.Elapsed.TotalSeconds,
            library_version = CorrectNetInfo.Version,
        }));
    }

    /// <summary>
    /// Monte-Carlo speed-up of issue 16, measured in this run: the same chips with the reference kernels (as before
    /// the speed-up, same results) and with the fast ones, back to back; medians of the per-repetition ratios.
    /// </summary>
    private static IEnumerable<(string Model, string Mode, double ReferenceMs, double FastMs, double Speedup)>
        SpeedupRows(SimulatorBenchResult r)
    {
        foreach (var t in new[] { r.LeNet, r.Vgg })
        {
            if (t.FloatReferenceChip is { Length: > 0 } floatReference)
                yield return (t.Model, "float", BenchMedians.Ms(floatReference), BenchMedians.Ms(t.FloatChip),
                    t.FloatSpeedup);
            if (t.CrossbarReferenceChip is { Length: > 0 } crossbarReference)
                yield return (t.Model, "crossbar", BenchMedians.Ms(crossbarReference),
                    BenchMedians.Ms(t.CrossbarChip), t.CrossbarSpeedup);
        }
    }

    private static Table SpeedupTable(SimulatorBenchResult r)
    {
        var table = new Table()
            .Title($"Monte-Carlo speed-up (issue 16), measured in this run: ms per chip of {r.Settings.Images} " +
                "images (UseChip + forward), reference kernels (as before, same results) vs fast kernels")
            .AddColumns("model", "mode", "reference (ms/chip)", "fast (ms/chip)", "speed-up (median of ratios)");
        foreach (var row in SpeedupRows(r))
            table.AddRow(Markup.Escape(row.Model), row.Mode, Fmt(row.ReferenceMs, "F1"), Fmt(row.FastMs, "F1"),
                Fmt(row.Speedup, "F2") + "×");
        return table;
    }

    private static void RenderPenalty(IReadOnlyList<PenaltyBenchResult> results, int batch, int repeats, bool asJson,
        IAnsiConsole tables)
    {
        var table = new Table()
            .Title("training step with / without the enhanced Lipschitz penalty: " +
                $"medians over {repeats} repetitions, batch {batch}")
            .AddColumns("model", "step without (ms)", "step with (ms)", "ratio");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Model), Fmt(r.PlainMs, "F1"), Fmt(r.PenaltyMs, "F1"), Fmt(r.Ratio, "F3"));
        tables.Write(table);
        if (asJson)
            Console.WriteLine(JsonFormat.Serialize(results.Select(r => new
            {
                model = r.Model,
                step_ms = r.PlainMs,
                step_with_penalty_ms = r.PenaltyMs,
                ratio = r.Ratio,
            })));
    }

    private static void RenderTraining(IReadOnlyList<TrainingBenchResult> results, int repeats, bool asJson,
        IAnsiConsole tables)
    {
        var table = new Table()
            .Title("training: plain hand-written loop / the kit's Trainer, same recipe, weights and data order: " +
                $"medians over {repeats} repetitions")
            .AddColumns("model", "steps × batch", "plain (ms/step)", "kit (ms/step)", "speed-up", "target",
                "max |Δw|", "result");
        foreach (var r in results)
        {
            var check = BenchTargets.Training(r);
            table.AddRow(Markup.Escape(r.Model), $"{r.Steps} × {r.Batch}", Fmt(r.PlainMsPerStep, "F1"),
                Fmt(r.KitMsPerStep, "F1"), Fmt(r.Speedup, "F3"), $"≥ {check.Limit}", Fmt(r.MaxWeightDifference, "G3"),
                check.Pass ? "[green]pass[/]" : "[red]FAIL[/]");
        }
        tables.Write(table);
        tables.MarkupLine(Markup.Escape($"{torch.get_num_threads()} threads. Random images, so no accuracy: " +
            "max |Δw| = 0 says the kit trained exactly what the plain loop trained."));
        if (asJson)
            Console.WriteLine(JsonFormat.Serialize(results.Select(r => new
            {
                model = r.Model,
                steps = r.Steps,
                batch = r.Batch,
                plain_ms_per_step = r.PlainMsPerStep,
                kit_ms_per_step = r.KitMsPerStep,
                speedup = r.Speedup,
                target = BenchTargets.TrainingSpeedupLimit,
                pass = BenchTargets.Training(r).Pass,
                max_weight_difference = r.MaxWeightDifference,
                threads = torch.get_num_threads(),
            })));
    }

    private static string Cell(BenchPass[] passes)
    {
        var p = BenchMedians.Pass(passes);
        return $"{Fmt(p.Ms, "F1")} ({p.Faults})";
    }

    private static string Fmt(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Log(string message) => Console.Error.WriteLine(message);
}
