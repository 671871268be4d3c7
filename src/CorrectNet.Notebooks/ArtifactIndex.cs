using System.Collections.Concurrent;

namespace CorrectNet.Notebooks;

/// <summary>
/// index.json of an artifact folder: the figures and tables a notebook saved, in the order it showed them (the
/// results gallery of `correctnet reproduce` follows it). Showing a name again replaces its entry in place.
/// </summary>
public sealed class ArtifactIndex
{
    public const string FileName = "index.json";

    private static readonly ConcurrentDictionary<string, ArtifactIndex> Open = new();
    private readonly string _path;
    private readonly List<ArtifactEntry> _entries = [];

    private ArtifactIndex(string folder) => _path = Path.Combine(folder, FileName);

    public static ArtifactIndex For(string folder) =>
        Open.GetOrAdd(Path.GetFullPath(folder), f => new ArtifactIndex(f));

    public void Add(ArtifactEntry entry)
    {
        lock (_entries)
        {
            int existing = _entries.FindIndex(e => e.Kind == entry.Kind && e.Name == entry.Name);
            if (existing >= 0) _entries[existing] = entry;
            else _entries.Add(entry);
            AtomicFile.WriteAllText(_path, JsonFormat.Serialize(_entries));
        }
    }

    /// <summary>The entries of a folder's index.json; empty when the folder has none.</summary>
    public static IReadOnlyList<ArtifactEntry> Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return [];
        return JsonFormat.Deserialize<List<ArtifactEntry>>(File.ReadAllText(path), path);
    }
}
