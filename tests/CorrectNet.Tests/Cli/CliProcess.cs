using System.Diagnostics;
using CorrectNet.Tests.Data;

namespace CorrectNet.Tests.Cli;

/// <summary>
/// Runs the built CLI (src/CorrectNet.Cli's output of the same configuration as the tests) as `dotnet
/// CorrectNet.Cli.dll …`: exit codes, aborts and which stream a line goes to only show in a real process.
/// </summary>
internal static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The CLI assembly; the test project's ProjectReference builds it before the tests.</summary>
    public static string CliAssembly
    {
        get
        {
            string root = Path.GetDirectoryName(TestDataFiles.RepositoryDataFolder())!;
            // bin/<configuration>/<framework>/ of the tests names the CLI's output folder too.
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = testOutput.Parent!.Name, framework = testOutput.Name;
            string path = Path.Combine(root, "src", "CorrectNet.Cli", "bin", configuration, framework,
                "CorrectNet.Cli.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"CLI not built: {path}", path);
        }
    }

    public static CliRun Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // One thread per process: the tests' processes are small, and parallel BLAS threads only add start-up time.
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"correctnet {string.Join(' ', args)} ran longer than {Timeout}.");
        }
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}
