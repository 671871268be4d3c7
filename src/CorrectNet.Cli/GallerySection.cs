using System.Text.Json.Serialization;
using CorrectNet.Experiments.Profiles;

namespace CorrectNet.Cli;

/// <summary>
/// The run that made one notebook's section of the results page (<see cref="ResultsGallery"/>): its profile, the
/// kit's version and commit, and the day, saved beside the section's files as section.json.
/// </summary>
internal sealed record GallerySection(
    string Profile, string ProfilePurpose, string ProfileDescription, string LibraryVersion, string? Commit,
    string Date)
{
    public const string FileName = "section.json";

    public static GallerySection ForThisRun(ExperimentProfile profile) =>
        new(profile.Name, profile.Purpose, profile.Description, CorrectNetInfo.Version, CorrectNetInfo.GitCommit,
            DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>"written 2026-12-08 by correctnet 0.1.0, commit abc1234".</summary>
    [JsonIgnore]
    public string Provenance => $"written {Date} by correctnet {LibraryVersion}" +
                                (Commit is { } c ? $", commit {c[..Math.Min(7, c.Length)]}" : "");

    public void Save(string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonFormat.Serialize(this));

    /// <exception cref="InvalidDataException">The record is malformed; the message names the file.</exception>
    public static GallerySection Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        return JsonFormat.Deserialize<GallerySection>(File.ReadAllText(path), path);
    }
}
