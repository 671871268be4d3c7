namespace CorrectNet;

/// <summary>A result-cache entry a process asked for (<c>ResultCache.PathFor</c>): its path, and whether it existed
/// the first time the process asked (a hit; else the process computed it, or meant to).</summary>
public sealed record CachePathUse(string Path, bool Hit);
