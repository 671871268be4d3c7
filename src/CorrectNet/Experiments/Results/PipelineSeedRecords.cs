using CorrectNet.Experiments.Caching;

namespace CorrectNet.Experiments.Results;

/// <summary>
/// Where the pipeline's per-seed records live (<see cref="PipelineSeedRecord"/>, docs/method.md F37 "Seeds"): one file
/// per network and training seed under &lt;cache&gt;/pipeline-seeds/&lt;profile&gt;/, written atomically with a
/// checksum like every cache entry. Notebook 07 writes its own run's; `correctnet pipeline --seeds` adds others, on
/// this machine or on several whose folders are then copied together.
/// </summary>
public static class PipelineSeedRecords
{
    public const string Kind = "pipeline-seeds";

    /// <summary>The folder of <paramref name="profile"/>'s records.</summary>
    public static string FolderFor(ResultCache cache, string profile) => Path.Combine(cache.Root, Kind, profile);

    /// <summary>"&lt;model&gt;_&lt;dataset&gt;_s&lt;seed&gt;.json" in the record's profile folder.</summary>
    public static string PathFor(ResultCache cache, PipelineSeedRecord record) =>
        Path.Combine(FolderFor(cache, record.Profile),
            $"{FileName(record.Model)}_{FileName(record.Dataset)}_s{record.TrainingSeed}.json");

    /// <summary>Writes (or replaces) the record of its network and seed; returns the file.</summary>
    public static string Save(ResultCache cache, PipelineSeedRecord record)
    {
        string path = PathFor(cache, record);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ResultCache.WriteEntry(path, JsonFormat.Serialize(record));
        return path;
    }

    /// <summary>Every record of <paramref name="profile"/>, ordered by network, then seed; none when the folder is
    /// absent.</summary>
    /// <exception cref="InvalidDataException">A file is damaged, or holds a record of another profile or of another
    /// network or seed than its name says; the message names the file.</exception>
    public static IReadOnlyList<PipelineSeedRecord> Load(ResultCache cache, string profile)
    {
        string folder = FolderFor(cache, profile);
        if (!Directory.Exists(folder)) return [];
        var records = new List<PipelineSeedRecord>();
        foreach (string path in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var record = JsonFormat.Deserialize<PipelineSeedRecord>(ResultCache.ReadEntry(path)!, path);
            if (record.Profile != profile || PathFor(cache, record) != Path.GetFullPath(path))
                throw new InvalidDataException($"{path}: holds the record of {record.Model} / {record.Dataset}, " +
                    $"seed {record.TrainingSeed}, profile '{record.Profile}', which belongs in " +
                    $"{PathFor(cache, record)}.");
            records.Add(record);
        }
        return [.. records.OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Dataset, StringComparer.Ordinal)
            .ThenBy(r => r.TrainingSeed)];
    }

    /// <summary>Lower case; anything but a–z and 0–9 becomes '-', so a name cannot leave the folder.</summary>
    private static string FileName(string name) =>
        string.Concat(name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
