using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CorrectNet.Experiments;

namespace CorrectNet.Cli;

/// <summary>
/// Runs notebooks with the pinned dotnet-repl (tool manifest) from the notebook's own folder, after publishing the
/// notebook library once. Notebooks learn the profile and the artifact folder from environment variables.
/// </summary>
internal sealed class NotebookRunner(string repositoryRoot, string outputFolder, ExperimentProfile profile, string device, TimeSpan timeout)
{
    /// <summary>Read by notebooks/kit: skip the library build, it is fresh.</summary>
    public const string LibraryReadyVariable = "CORRECTNET_NOTEBOOK_LIBRARY_READY";
    /// <summary>Read by the notebook support library: where figures and tables of this notebook go.</summary>
    public const string ArtifactsVariable = "CORRECTNET_ARTIFACTS";
    /// <summary>Read by the notebook support library: cpu, cuda or cuda:N.</summary>
    public const string DeviceVariable = "CORRECTNET_DEVICE";

    public string NotebookFolder { get; } = Path.Combine(repositoryRoot, "notebooks");
    public string OutputFolder { get; } = outputFolder;

    public IReadOnlyList<string> Find(string? pattern)
    {
        var all = Directory.GetFiles(NotebookFolder, "*.ipynb").Order(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(pattern)) return all.ToList();
        var glob = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase);
        return all.Where(path =>
        {
            string name = Path.GetFileName(path);
            return glob.IsMatch(name) || glob.IsMatch(Path.GetFileNameWithoutExtension(name))
                || name.Contains(pattern, StringComparison.OrdinalIgnoreCase);
        }).ToList();
    }

    /// <summary>Restores the notebook runner and publishes the notebook library (both incremental).</summary>
    public void Prepare()
    {
        Directory.CreateDirectory(OutputFolder);
        Execute("dotnet", ["tool", "restore"], repositoryRoot, "restoring the notebook runner (dotnet tool restore)");
        Execute("dotnet", ["publish", Path.Combine("src", "CorrectNet.Notebooks"), "-c", "Release", "--use-current-runtime",
                "--self-contained", "false", "-o", Path.Combine(".build", "notebooks"), "-v", "quiet", "-nologo"],
            repositoryRoot, "publishing the notebook library");
    }

    public NotebookResult Run(string notebook)
    {
        string name = Path.GetFileNameWithoutExtension(notebook);
        string executed = Path.Combine(OutputFolder, "notebooks", name + ".ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(executed)!);
        if (File.Exists(executed)) File.Delete(executed);
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(notebook)!, // dotnet-repl ignores --working-dir
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])["tool", "run", "dotnet-repl", "--", "--run", Path.GetFileName(notebook), "--exit-after-run", "--output-path", executed])
            start.ArgumentList.Add(arg);
        start.Environment[ExperimentProfile.EnvironmentVariable] = profile.Name;
        start.Environment[ArtifactsVariable] = Path.Combine(OutputFolder, name);
        start.Environment[LibraryReadyVariable] = "1";
        start.Environment[DeviceVariable] = device;
        // The quick profile (CI) runs single-threaded unless told otherwise: on 2 threads CPU convolutions are not
        // bit-reproducible, and its narrow VGG-16 diverged in some runs and not in others (docs/method.md F5).
        if (profile.Name == ExperimentProfile.Quick.Name && Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is null)
            start.Environment["OMP_NUM_THREADS"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return new NotebookResult(name, false, clock.Elapsed, $"timed out after {timeout.TotalMinutes:F0} min");
        }
        string? cellError = File.Exists(executed) ? FirstCellError(executed) : null;
        bool ok = process.ExitCode == 0 && cellError is null && File.Exists(executed);
        string? failure = ok ? null
            : cellError ?? $"dotnet-repl exited with {process.ExitCode}: {Tail(stderr.Result + stdout.Result)}";
        return new NotebookResult(name, ok, clock.Elapsed, failure);
    }

    /// <summary>"cell N: error" for the first cell whose outputs hold an error, else null.</summary>
    private static string? FirstCellError(string executedNotebook)
    {
        var cells = JsonNode.Parse(File.ReadAllText(executedNotebook))?["cells"]?.AsArray() ?? [];
        for (int i = 0; i < cells.Count; i++)
        {
            foreach (var output in cells[i]?["outputs"]?.AsArray() ?? [])
            {
                if ((string?)output?["output_type"] != "error") continue;
                string message = $"{output?["ename"]}: {output?["evalue"]}";
                return $"cell {i + 1}: {FirstLines(message, 6)}";
            }
        }
        return null;
    }

    private static void Execute(string file, string[] arguments, string workingDirectory, string what)
    {
        Console.WriteLine($"  {what}…");
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in arguments) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new IOException($"{what} failed (exit {process.ExitCode}):\n{Tail(stdout.Result + stderr.Result)}");
    }

    private static string FirstLines(string text, int lines) => string.Join("\n", text.Split('\n').Take(lines));

    private static string Tail(string text) => string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(15));
}
