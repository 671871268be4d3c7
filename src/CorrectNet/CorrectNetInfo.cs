using System.Reflection;

namespace CorrectNet;

/// <summary>The library's identity, written into checkpoints and result metadata.</summary>
public static class CorrectNetInfo
{
    public static string Version { get; } =
        typeof(CorrectNetInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(CorrectNetInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
