using System.Reflection;

namespace CorrectNet;

/// <summary>The library's identity, written into checkpoints and result metadata.</summary>
public static class CorrectNetInfo
{
    private static string? Informational { get; } =
        typeof(CorrectNetInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    public static string Version { get; } =
        Informational?.Split('+')[0]
        ?? typeof(CorrectNetInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>
    /// The git commit the library was built from (the SDK appends it to the informational version as "+sha"); null when
    /// the build did not know it (built outside a clone). Uncommitted changes at build time are not visible here.
    /// </summary>
    public static string? GitCommit { get; } =
        Informational?.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : null;
}
