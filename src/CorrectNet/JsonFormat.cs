using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CorrectNet;

/// <summary>The one JSON convention of the kit: checkpoints, cache keys, CLI --json output, result metadata.</summary>
public static class JsonFormat
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <exception cref="InvalidDataException">Malformed or empty JSON; the message names
    /// <paramref name="source"/>.</exception>
    public static T Deserialize<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new InvalidDataException($"{source}: empty JSON.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid JSON: {e.Message}", e);
        }
    }

    /// <summary>Every leaf of two JSON values that differs, as "path: a → b".</summary>
    public static IReadOnlyList<string> Differences<T>(T expected, T actual)
    {
        var found = new List<string>();
        Compare(
            JsonSerializer.SerializeToNode(expected, Options),
            JsonSerializer.SerializeToNode(actual, Options),
            "",
            found);
        return found;
    }

    private static void Compare(JsonNode? a, JsonNode? b, string path, List<string> found)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (string key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                Compare(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}", found);
        }
        else if (!JsonNode.DeepEquals(a, b))
        {
            found.Add($"{path}: {a?.ToJsonString() ?? "null"} → {b?.ToJsonString() ?? "null"}");
        }
    }
}
