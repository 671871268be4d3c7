namespace CorrectNet.Cli;

/// <summary>
/// Checks that an output path can be written before the work that fills it starts, so an unwritable --out costs a
/// message, not an epoch of training or a sweep cell.
/// </summary>
internal static class OutputCheck
{
    /// <summary>A file to be (re)written: its folder is created and must accept a new file; an existing file must
    /// open for writing (it is not changed).</summary>
    public static void File(string path, string option)
    {
        string full = Full(path, option);
        if (Directory.Exists(full)) throw Unwritable(option, path, "it is a folder, not a file");
        Probe(option, path, () =>
        {
            ProbeFolder(Path.GetDirectoryName(full)!);
            if (System.IO.File.Exists(full))
                using (new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
        });
    }

    /// <summary>A folder to be filled: it is created if missing and must accept a new file.</summary>
    public static void Folder(string path, string option)
    {
        string full = Full(path, option);
        if (System.IO.File.Exists(full)) throw Unwritable(option, path, "it is a file, not a folder");
        Probe(option, path, () => ProbeFolder(full));
    }

    private static string Full(string path, string option)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Unwritable(option, path, e.Message);
        }
    }

    private static void Probe(string option, string path, Action probe)
    {
        try
        {
            probe();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(option, path, e.Message);
        }
    }

    // A real file is created and deleted: permission bits alone do not tell (root, ACLs, read-only mounts).
    private static void ProbeFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        string probe = Path.Combine(folder, $".correctnet-write-check-{Environment.ProcessId}");
        using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }
    }

    private static IOException Unwritable(string option, string path, string reason) =>
        new($"{option} '{path}' cannot be written: {reason}");
}
