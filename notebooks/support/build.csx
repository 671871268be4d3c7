// Builds the kit's notebook library into .build/notebooks (incremental: seconds when nothing changed).
// `correctnet reproduce` builds it once for all notebooks and sets CORRECTNET_NOTEBOOK_LIBRARY_READY=1.
// Load it from a notebook with: #load "support/build.csx"; then #load "support/kit.csx" in the next cell.
using System.Diagnostics;
using System.IO;

if (Environment.GetEnvironmentVariable("CORRECTNET_NOTEBOOK_LIBRARY_READY") != "1")
{
    string root = Path.GetFullPath(Path.Combine(Environment.CurrentDirectory, ".."));
    var start = new ProcessStartInfo("dotnet")
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (string arg in new[] { "publish", "src/CorrectNet.Notebooks", "-c", "Release", "--use-current-runtime",
                                   "--self-contained", "false", "-o", ".build/notebooks", "-v", "quiet", "-nologo" })
        start.ArgumentList.Add(arg);
    using var publish = Process.Start(start)!;
    string log = publish.StandardOutput.ReadToEnd() + publish.StandardError.ReadToEnd();
    publish.WaitForExit();
    if (publish.ExitCode != 0)
        throw new InvalidOperationException($"Building the kit ({root}/src/CorrectNet.Notebooks) failed:\n{log}");
}
