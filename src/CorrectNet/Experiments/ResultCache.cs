using System.Security.Cryptography;
using System.Text;

namespace CorrectNet.Experiments;

/// <summary>
/// Results stored under a key = SHA-256 of the full configuration's JSON plus the library version, so a
/// different configuration (or library version) never reads a stale entry. Beside every entry a
/// &lt;key&gt;.config.json says what produced it.
/// </summary>
public sealed class ResultCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public static ResultCache Default => new(ProjectPaths.CacheRoot);

    public static string KeyOf<T>(T config)
    {
        string canonical = JsonFormat.Serialize(new { type = typeof(T).FullName, version = CorrectNetInfo.Version, config });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..20];
    }

    /// <summary>The entry's path (it may not exist yet); writes the config description on first use.</summary>
    public string PathFor<T>(string kind, T config, string extension)
    {
        string key = KeyOf(config);
        string folder = Path.Combine(Root, kind);
        string description = Path.Combine(folder, $"{key}.config.json");
        if (!File.Exists(description))
            AtomicFile.WriteAllText(description, JsonFormat.Serialize(new { version = CorrectNetInfo.Version, config }));
        return Path.Combine(folder, key + extension);
    }
}
