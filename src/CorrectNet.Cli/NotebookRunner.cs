using System.Diagnostics;
using System.Text.RegularExpressions;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Notebooks;

namespace CorrectNet.Cli;

/// <summary>
/// Executes notebooks from their own folder, after publishing the notebook library once, with the engine chosen
/// (<see cref="NotebookEngine"/>): Jupyter's nbconvert with the pinned .NET Interactive kernel, or dotnet-repl.
/// Notebooks learn the profile, device and artifact folder from environment variables. With a headless browser, each
/// executed notebook is rendered to HTML and opened in it, and every figure output must draw there.
/// </summary>
internal sealed class NotebookRunner
{
    /// <summary>Read by notebooks/kit: skip the library build, it is fresh.</summary>
    public const string LibraryReadyVariable = "CORRECTNET_NOTEBOOK_LIBRARY_READY";
    /// <summary>Read by the notebook support library: cpu, cuda or cuda:N.</summary>
    public const string DeviceVariable = "CORRECTNET_DEVICE";

    /// <summary>The Jupyter kernel spec of the C# .NET Interactive kernel.</summary>
    public const string KernelName = ".net-csharp";

    private readonly string _root;
    private readonly ExperimentProfile _profile;
    private readonly string _device;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan? _cellTimeout;
    private readonly string _kernelSpecs;

    /// <param name="cellTimeout">Jupyter only: a cell running longer is interrupted and the next one runs (course
    /// grading); null: a cell may run as long as the notebook.</param>
    public NotebookRunner(string repositoryRoot, string outputFolder, ExperimentProfile profile, string device,
        TimeSpan timeout, TimeSpan? cellTimeout = null)
    {
        _root = repositoryRoot;
        OutputFolder = outputFolder;
        _profile = profile;
        _device = device;
        _timeout = timeout;
        _cellTimeout = cellTimeout;
        NotebookFolder = Path.Combine(repositoryRoot, "notebooks");
        // The kernel spec is installed here, not in the user's Jupyter folders, which reproduce leaves alone.
        _kernelSpecs = Path.Combine(repositoryRoot, ".build", "jupyter");
    }

    public string NotebookFolder { get; }
    public string OutputFolder { get; }
    public NotebookEngine Engine { get; private set; }

    /// <summary>The headless browser that checks figures, or null when none was found (no check then).</summary>
    public string? Browser { get; private set; }

    public IReadOnlyList<string> Find(string? pattern)
    {
        var all = Directory.GetFiles(NotebookFolder, "*.ipynb").Order(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(pattern)) return all.ToList();
        var glob = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            RegexOptions.IgnoreCase);
        return all.Where(path =>
        {
            string name = Path.GetFileName(path);
            return glob.IsMatch(name) || glob.IsMatch(Path.GetFileNameWithoutExtension(name))
                || name.Contains(pattern, StringComparison.OrdinalIgnoreCase);
        }).ToList();
    }

    /// <summary>
    /// Chooses the engine, restores the pinned tools, publishes the notebook library (incremental) and, for Jupyter,
    /// installs the kernel spec. <paramref name="requireBrowser"/>: fail unless a headless browser can check figures.
    /// </summary>
    public void Prepare(NotebookEngine engine, bool requireBrowser)
    {
        Directory.CreateDirectory(OutputFolder);
        bool jupyter = HasJupyter();
        Engine = engine switch
        {
            NotebookEngine.Auto => jupyter ? NotebookEngine.Jupyter : NotebookEngine.Repl,
            NotebookEngine.Jupyter when !jupyter => throw new IOException(
                "--runner jupyter needs Jupyter's nbconvert (`jupyter nbconvert`), which was not found. Install it " +
                "(Debian/Ubuntu: apt install jupyter-nbconvert python3-nbclient; " +
                "elsewhere: pip install nbconvert nbclient)."),
            _ => engine,
        };
        if (Engine == NotebookEngine.Repl && engine == NotebookEngine.Auto)
            Console.WriteLine("  Jupyter's nbconvert not found: notebooks run in dotnet-repl, not in the " +
                              ".NET Interactive kernel that Jupyter and VS Code use (environment.md §6).");
        Browser = HeadlessBrowser.Find();
        if (Browser is null && requireBrowser)
            throw new IOException($"--check-figures needs a headless Chromium (or Chrome, Edge): " +
                                  $"none found on PATH; install chromium or set {HeadlessBrowser.Variable}.");
        if (Browser is null)
            Console.WriteLine($"  no headless Chromium found: figures get no static image and are not checked " +
                              $"in a browser (install chromium or set {HeadlessBrowser.Variable}).");

        Execute("dotnet", ["tool", "restore"], _root, "restoring the pinned tools (dotnet tool restore)");
        Execute("dotnet", ["publish", Path.Combine("src", "CorrectNet.Notebooks"), "-c", "Release",
                "--use-current-runtime", "--self-contained", "false", "-o", Path.Combine(".build", "notebooks"),
                "-v", "quiet", "-nologo"],
            _root, "publishing the notebook library");
        if (Engine == NotebookEngine.Jupyter)
        {
            string kernels = Path.Combine(_kernelSpecs, "kernels");
            Directory.CreateDirectory(kernels);
            Execute("dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", kernels],
                _root, "installing the .NET Interactive kernel spec for this run (.build/jupyter)");
        }
    }

    /// <param name="workingDirectory">Where the notebook runs (default: <see cref="NotebookFolder"/>).</param>
    /// <param name="environment">More environment variables for the notebook.</param>
    public NotebookResult Run(string notebook, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        string name = Path.GetFileNameWithoutExtension(notebook);
        string executedFolder = Path.Combine(OutputFolder, "notebooks");
        string executed = Path.Combine(executedFolder, name + ".ipynb");
        string artifacts = Path.Combine(OutputFolder, name);
        Directory.CreateDirectory(executedFolder);
        if (File.Exists(executed)) File.Delete(executed);
        if (Directory.Exists(artifacts))
            Directory.Delete(artifacts, recursive: true); // no figure of an earlier run lingers
        var clock = Stopwatch.StartNew();

        var start = Engine == NotebookEngine.Jupyter
            ? Command("jupyter", ["nbconvert", "--to", "notebook", "--execute",
                $"--ExecutePreprocessor.kernel_name={KernelName}",
                // Cells run as long as the notebook may; --allow-errors keeps the executed notebook, and the error
                // outputs in it fail the run below.
                $"--ExecutePreprocessor.timeout={(int)(_cellTimeout ?? _timeout).TotalSeconds}",
                $"--ExecutePreprocessor.interrupt_on_timeout={_cellTimeout is not null}",
                "--ExecutePreprocessor.startup_timeout=300",
                "--allow-errors", "--output-dir", executedFolder, "--output", name + ".ipynb",
                Path.GetFileName(notebook)])
            : Command("dotnet", ["tool", "run", "dotnet-repl", "--", "--run", Path.GetFileName(notebook),
                "--exit-after-run", "--output-path", executed]);
        // both resolve the kit relative to it; dotnet-repl ignores --working-dir
        start.WorkingDirectory = workingDirectory ?? NotebookFolder;
        start.Environment[ExperimentProfile.EnvironmentVariable] = _profile.Name;
        start.Environment[Artifacts.FolderVariable] = artifacts;
        start.Environment[LibraryReadyVariable] = "1";
        start.Environment[DeviceVariable] = _device;
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
            start.Environment[variable] = value;
        string? jupyterPath = Environment.GetEnvironmentVariable("JUPYTER_PATH");
        start.Environment["JUPYTER_PATH"] = jupyterPath is { Length: > 0 }
            ? _kernelSpecs + Path.PathSeparator + jupyterPath : _kernelSpecs;
        // The quick profile (CI) runs single-threaded unless told otherwise: on 2 threads CPU convolutions are not
        // bit-reproducible (docs/method.md F5).
        if (_profile.Name == ExperimentProfile.Quick.Name
            && Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is null)
            start.Environment["OMP_NUM_THREADS"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            return NotebookResult.Failed(name, clock.Elapsed, $"timed out after {_timeout.TotalMinutes:F0} min");
        }
        if (!File.Exists(executed))
            return NotebookResult.Failed(name, clock.Elapsed,
                $"{Engine} exited with {process.ExitCode} and wrote no notebook: " +
                $"{Reason(stderr.Result + stdout.Result)}");

        var result = ExecutedNotebook.Load(executed);
        if (result.NormalizePlotlyOutputs()) result.Save();
        string? failure = result.FirstCellError()
            ?? (process.ExitCode != 0
                ? $"{Engine} exited with {process.ExitCode}: {Tail(stderr.Result + stdout.Result)}"
                : null);
        int? drawn = null;
        if (failure is null && Browser is not null && result.Figures > 0)
        {
            if (result.FiguresWithImage != result.Figures)
                failure = $"{result.Figures - result.FiguresWithImage} of {result.Figures} " +
                          $"figure outputs carry no static image";
            else
            {
                drawn = DrawnFigures(executed);
                if (drawn != result.Figures)
                    failure = $"{drawn} of {result.Figures} figure outputs draw in {Path.GetFileName(Browser)} " +
                              $"({Path.ChangeExtension(executed, ".html")})";
            }
        }
        return new NotebookResult(name, failure is null, clock.Elapsed, failure, result.Figures, drawn);
    }

    /// <summary>
    /// Renders the executed notebook to HTML as Jupyter does and counts the figures the browser draws.
    /// </summary>
    private int DrawnFigures(string executed)
    {
        Execute("jupyter", ["nbconvert", "--to", "html", "--log-level=ERROR", executed],
            Path.GetDirectoryName(executed)!, "rendering it to HTML", quiet: true);
        return HeadlessBrowser.DrawnFigures(Browser!, Path.ChangeExtension(executed, ".html"));
    }

    private static bool HasJupyter()
    {
        try
        {
            var start = Command("jupyter", ["nbconvert", "--version"]);
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; } // not on PATH
    }

    private static ProcessStartInfo Command(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in arguments) start.ArgumentList.Add(arg);
        return start;
    }

    private static void Execute(string file, string[] arguments, string workingDirectory, string what,
        bool quiet = false)
    {
        if (!quiet) Console.WriteLine($"  {what}…");
        var start = Command(file, arguments);
        start.WorkingDirectory = workingDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new IOException($"{what} failed (exit {process.ExitCode}):\n{Tail(stdout.Result + stderr.Result)}");
    }

    /// <summary>
    /// Jupyter's own reason when it stops early: the last "module.SomeError: message" line of its traceback (for
    /// example nbclient's CellTimeoutError or DeadKernelError), else the output's last lines (the kernel's log).
    /// </summary>
    internal static string Reason(string output) =>
        output.Split('\n').Select(line => line.Trim()).LastOrDefault(IsPythonError) ?? Tail(output);

    private static bool IsPythonError(string line) =>
        System.Text.RegularExpressions.Regex.IsMatch(line, @"^[A-Za-z_][\w.]*(Error|Exception|Interrupt): \S");

    private static string Tail(string text) =>
        string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(15));
}
