using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CorrectNet.Experiments.Caching;

/// <summary>
/// Results stored under a key = SHA-256 of the full configuration's JSON plus the library version, so a
/// different configuration (or library version) never reads a stale entry. Beside every entry a
/// &lt;key&gt;.config.json says what produced it. JSON entries are written by <see cref="WriteEntry"/> inside an
/// envelope that carries the SHA-256 of their payload, and read back by <see cref="ReadEntry"/>, which refuses a
/// damaged one (an older bare entry without checksum is read unverified); checkpoints in the cache carry their own
/// checksums (<see cref="Training.Checkpoint"/>).
/// </summary>
public sealed class ResultCache(string root)
{
    /// <summary>The envelope's format tag: {"format", "library_version", "sha256", "payload"}.</summary>
    public const string EntryFormat = "correctnet-cache-entry/1";

    private static readonly string[] EnvelopeFields = ["format", "library_version", "sha256", "payload"];

    public string Root { get; } = Path.GetFullPath(root);

    public static ResultCache Default => new(ProjectPaths.CacheRoot);

    /// <summary>
    /// The first 20 hex digits of the SHA-256 of {type, version, config}: type is the key type's
    /// <see cref="CacheKeyNameAttribute"/> name, else its full name.
    /// </summary>
    public static string KeyOf<T>(T config)
    {
        string? type = typeof(T).GetCustomAttribute<CacheKeyNameAttribute>()?.Name ?? typeof(T).FullName;
        string canonical = JsonFormat.Serialize(new { type, version = CorrectNetInfo.Version, config });
        return Sha256Of(canonical)[..20];
    }

    /// <summary>The entry's path (it may not exist yet); writes the config description on first use and records the
    /// path in the process's timings record (<see cref="ProcessTimings"/>).</summary>
    public string PathFor<T>(string kind, T config, string extension)
    {
        string key = KeyOf(config);
        string folder = Path.Combine(Root, kind);
        string description = Path.Combine(folder, $"{key}.config.json");
        if (!File.Exists(description))
        {
            string text = JsonFormat.Serialize(new { version = CorrectNetInfo.Version, config });
            AtomicFile.WriteAllText(description, text);
        }
        string path = Path.Combine(folder, key + extension);
        ProcessTimings.TouchCachePath(path); // hits and misses, for reproduce's plan (CORRECTNET_TIMINGS)
        return path;
    }

    /// <summary>Writes <paramref name="payloadJson"/> atomically inside an envelope holding its SHA-256.</summary>
    public static void WriteEntry(string path, string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(payloadJson);
        using (JsonDocument.Parse(payloadJson)) { } // only JSON goes in: the envelope embeds it verbatim
        string head = JsonFormat.Serialize(new
        {
            format = EntryFormat,
            library_version = CorrectNetInfo.Version,
            sha256 = Sha256Of(payloadJson),
        });
        // The payload is spliced in as written, so the reader can hash exactly the characters that were hashed here.
        AtomicFile.WriteAllText(path, $"{head[..^1]},\"payload\":{payloadJson}}}");
    }

    /// <summary>
    /// The payload JSON of the entry at <paramref name="path"/>, or null when there is none. An entry written by an
    /// older kit, bare JSON without envelope or checksum, is returned as it is, unverified, with a once-per-process
    /// warning (<see cref="UnverifiedFileWarning"/>): recomputing a filled cache would cost hours, and the entry
    /// reads exactly as it did before checksums existed.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry is damaged (truncated, envelope unreadable, or payload not
    /// matching its checksum) or from a newer library; the message names the file and the part.</exception>
    public static string? ReadEntry(string path)
    {
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path, Encoding.UTF8);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"it is not valid JSON (truncated or overwritten: {e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            bool enveloped = root.ValueKind == JsonValueKind.Object
                && EnvelopeFields.Any(f => root.TryGetProperty(f, out _));
            if (!enveloped)
            {
                UnverifiedFileWarning.Note(path);
                return text; // an older kit's bare entry: the whole file is the payload, as callers read it before
            }
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != EntryFormat)
                throw Damaged(path, $"its envelope's format is not '{EntryFormat}' (the envelope is damaged, " +
                                    "or the entry comes from a newer kit)");
            if (!root.TryGetProperty("library_version", out var version) || version.ValueKind != JsonValueKind.String)
                throw Damaged(path, "its envelope lacks the library version");
            RequireNotNewer(path, version.GetString()!);
            if (!root.TryGetProperty("sha256", out var sha) || sha.ValueKind != JsonValueKind.String)
                throw Damaged(path, "its envelope lacks the payload's SHA-256");
            if (!root.TryGetProperty("payload", out var payload))
                throw Damaged(path, "its envelope lacks the payload");
            string raw = payload.GetRawText();
            if (!string.Equals(Sha256Of(raw), sha.GetString(), StringComparison.Ordinal))
                throw Damaged(path,
                    "its payload does not match its SHA-256 checksum (the payload or the checksum is damaged)");
            return raw;
        }
    }

    private static void RequireNotNewer(string path, string written)
    {
        if (!Version.TryParse(written.Split('-', '+')[0], out var entry))
            throw Damaged(path, $"its envelope's library version '{written}' is not a version");
        if (Version.TryParse(CorrectNetInfo.Version.Split('-', '+')[0], out var running) && entry > running)
            throw new InvalidDataException(
                $"Cache entry {path} was written by CorrectNet {written}, newer than this library " +
                $"({CorrectNetInfo.Version}); update the kit or use another cache (CORRECTNET_CACHE).");
    }

    private static string Sha256Of(string text)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static InvalidDataException Damaged(string path, string problem, Exception? inner = null) =>
        new($"Cache entry {path} is damaged: {problem}. Delete it to recompute it.", inner);
}
