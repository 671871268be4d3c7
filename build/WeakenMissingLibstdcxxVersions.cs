// MSBuild inline task (RoslynCodeTaskFactory, compiled against netstandard2.0): see build/TorchSharpNative.targets.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks the libstdc++ symbol-version requirements (GLIBCXX_x.y.z) of an ELF64 shared library as weak
/// (Vernaux.vna_flags |= VER_FLG_WEAK) when the system's libstdc++.so.6 does not define them.
/// The dynamic loader then loads the library; a symbol bound to the missing version is only a problem if called.
/// A no-op when the system libstdc++ is new enough or is not found.
/// </summary>
public sealed class WeakenMissingLibstdcxxVersions : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required] public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        if (Libraries.Length == 0) return true;
        string? systemLib = new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        }.FirstOrDefault(File.Exists);
        if (systemLib is null)
        {
            Log.LogMessage(
                MessageImportance.Low, "No system libstdc++.so.6 found; TorchSharp native library left as is.");
            return true;
        }
        string provided = Encoding.ASCII.GetString(File.ReadAllBytes(systemLib));
        foreach (var item in Libraries)
        {
            string path = item.ItemSpec;
            byte[] elf = File.ReadAllBytes(path);
            var weakened = Weaken(elf, name => name.StartsWith("GLIBCXX_", StringComparison.Ordinal)
                                               && provided.IndexOf(name + "\0", StringComparison.Ordinal) < 0);
            if (weakened.Count == 0) continue;
            // Temp file + rename: atomic, and never writes through a hard link into the NuGet cache.
            string temp = path + ".patching";
            File.WriteAllBytes(temp, elf);
            File.Replace(temp, path, null);
            Log.LogMessage(MessageImportance.Normal,
                $"{path}: marked {string.Join(", ", weakened)} weak (missing from {systemLib}).");
        }
        return true;
    }

    /// <summary>Sets VER_FLG_WEAK on every version need whose name matches; returns the names changed.</summary>
    private static List<string> Weaken(byte[] elf, Func<string, bool> shouldWeaken)
    {
        var changed = new List<string>();
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 /* ELFCLASS64 */) return changed;
        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28), count = (int)BitConverter.ToUInt32(elf, sh + 0x2C);
            int strtab = checked((int)BitConverter.ToUInt64(elf, (int)shoff + link * shentsize + 0x18));
            int need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8));
                    ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                    if ((flags & VerFlagWeak) == 0 && shouldWeaken(name))
                    {
                        elf[aux + 4] = (byte)(flags | VerFlagWeak); // little-endian low byte holds bit 1
                        changed.Add(name);
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        return changed;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        int end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}
