using CorrectNet.Experiments.Caching;


namespace CorrectNet.Tests.Experiments.Caching;

/// <summary>JSON cache entries carry the SHA-256 of their payload; damage is an error (older bare entries:
/// <see cref="Training.LegacyFormatTests"/>).</summary>
public sealed class ResultCacheEntryTests : IDisposable
{
    private const string Payload =
        "{\"seed\":1,\"chip_accuracies\":[0.404,0.39,0.41],\"clean_accuracy\":0.404,\"name\":\"σ × 2\"}";

    private readonly CorrectNet.Tests.Training.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnEntryRoundTripsItsPayloadVerbatim()
    {
        string path = _folder.File("montecarlo/entry.json");
        ResultCache.WriteEntry(path, Payload);

        Assert.Equal(Payload, ResultCache.ReadEntry(path));
        Assert.Contains(ResultCache.EntryFormat, File.ReadAllText(path));
        Assert.Null(ResultCache.ReadEntry(_folder.File("absent.json")));
    }

    [Fact]
    public void EveryTruncationAndFlipIsAnErrorNamingTheFileOrTheIntactPayload()
    {
        string intact = _folder.File("intact.json");
        ResultCache.WriteEntry(intact, Payload);
        byte[] bytes = File.ReadAllBytes(intact);
        string path = _folder.File("damaged.json");
        var random = new Random(31);
        var cases = Enumerable.Range(0, bytes.Length).Select(keep => ($"truncated to {keep}", bytes[..keep]))
            .Concat(Enumerable.Range(0, bytes.Length).Select(k =>
            {
                var damaged = (byte[])bytes.Clone();
                int at = k % bytes.Length;
                byte mask = (byte)(1 << random.Next(8));
                damaged[at] ^= mask;
                return ($"byte {at} xor 0x{mask:X2}", damaged);
            }));
        var failures = new List<string>();
        foreach (var (name, damaged) in cases)
        {
            File.WriteAllBytes(path, damaged);
            try
            {
                if (ResultCache.ReadEntry(path) is { } read && read != Payload)
                    failures.Add($"{name}: other payload {read}");
            }
            catch (InvalidDataException e) when (e.Message.Contains(path, StringComparison.Ordinal))
            {
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(8)));
    }

    [Fact]
    public void AFlippedPayloadByteSaysThePayloadIsDamaged()
    {
        string path = _folder.File("entry.json");
        ResultCache.WriteEntry(path, Payload);
        File.WriteAllText(path, File.ReadAllText(path).Replace("0.404,0.39", "0.904,0.39", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(() => ResultCache.ReadEntry(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("payload does not match its SHA-256", e.Message);
    }

    [Fact]
    public void AnEntryOfANewerLibraryIsRefused()
    {
        string path = _folder.File("newer.json");
        ResultCache.WriteEntry(path, Payload);
        File.WriteAllText(path, File.ReadAllText(path).Replace($"\"{CorrectNetInfo.Version}\"", "\"999.0.0\"",
            StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(() => ResultCache.ReadEntry(path));

        Assert.Contains("newer than this library", e.Message);
    }
}
