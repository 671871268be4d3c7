using System.Globalization;

namespace CorrectNet.Benchmarks;

/// <summary>This process's page faults and resident memory, read from /proc on Linux.</summary>
public static class ProcessCounters
{
    /// <summary>Minor page faults of this process so far (field 10 of /proc/self/stat); 0 where unavailable.</summary>
    public static long MinorFaults()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            // Fields after the command name, which is in parentheses and may itself hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException
                                      or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>Resident set size in bytes: VmRSS of /proc/self/status, else Environment.WorkingSet.</summary>
    public static long ResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    // "VmRSS:   123456 kB"
                    string kib = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return Environment.WorkingSet;
    }
}
