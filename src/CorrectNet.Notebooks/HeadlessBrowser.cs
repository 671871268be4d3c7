using System.Diagnostics;

namespace CorrectNet.Notebooks;

/// <summary>
/// The machine's Chromium (or Chrome, Edge) run headless and offline: it draws figures to PNG for notebook outputs and
/// reads a page's DOM after its scripts ran, for the figure check of `correctnet reproduce`. Nothing is downloaded:
/// without a browser on the machine, <see cref="Find"/> returns null and figures carry no static image.
/// </summary>
public static class HeadlessBrowser
{
    /// <summary>Path of the browser to use, overriding the search.</summary>
    public const string Variable = "CORRECTNET_BROWSER";

    private static readonly string[] Names =
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "chrome", "msedge"];

    private static readonly string[] KnownPaths =
    [
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        @"C:\Program Files\Google\Chrome\Application\chrome.exe",
        @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    ];

    /// <summary>Time scripts may run before the screenshot or DOM is taken, in virtual milliseconds.</summary>
    private const int ScriptBudgetMs = 10_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// CORRECTNET_BROWSER if set (and existing), else the first known browser on PATH or in its usual place.
    /// </summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } chosen)
            return File.Exists(chosen) ? chosen
                : throw new FileNotFoundException($"{Variable} names {chosen}, which does not exist.", chosen);
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string suffix = OperatingSystem.IsWindows() ? ".exe" : "";
        foreach (string name in Names)
            foreach (string folder in folders)
                if (File.Exists(Path.Combine(folder, name + suffix))) return Path.Combine(folder, name + suffix);
        return KnownPaths.FirstOrDefault(File.Exists);
    }

    /// <summary>A PNG of the page at the given size in CSS pixels, or null when no browser is found.</summary>
    public static byte[]? Screenshot(string html, int width, int height)
    {
        if (Find() is not { } browser) return null;
        string folder = Directory.CreateTempSubdirectory("correctnet-figure-").FullName;
        try
        {
            string page = Path.Combine(folder, "figure.html"), png = Path.Combine(folder, "figure.png");
            File.WriteAllText(page, html);
            Run(browser, folder, [$"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars",
                "--force-device-scale-factor=1", new Uri(page).AbsoluteUri]);
            return File.Exists(png) ? File.ReadAllBytes(png)
                : throw new IOException($"{browser} wrote no screenshot of a figure.");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The DOM of a local page after its scripts ran (the browser's --dump-dom).</summary>
    public static string DumpDom(string browser, string page)
    {
        string folder = Directory.CreateTempSubdirectory("correctnet-dom-").FullName;
        try { return Run(browser, folder, ["--dump-dom", new Uri(Path.GetFullPath(page)).AbsoluteUri]); }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>How many Plotly figures a local page draws once its scripts ran (0 for a blank figure).</summary>
    public static int DrawnFigures(string browser, string page) =>
        System.Text.RegularExpressions.Regex.Matches(DumpDom(browser, page), "class=\"plot-container plotly\"").Count;

    /// <summary>
    /// Runs the browser headless with a fresh profile and every background connection off; returns stdout.
    /// </summary>
    private static string Run(string browser, string profileFolder, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-default-apps", "--mute-audio",
                     $"--user-data-dir={Path.Combine(profileFolder, "profile")}",
                     $"--virtual-time-budget={ScriptBudgetMs}"])
            start.ArgumentList.Add(arg);
        foreach (string arg in arguments) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new IOException($"{browser} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{browser} did not finish within {Timeout.TotalSeconds:F0} s.");
        }
        if (process.ExitCode != 0)
            throw new IOException($"{browser} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        return stdout.Result;
    }
}
