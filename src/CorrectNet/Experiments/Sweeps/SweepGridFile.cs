using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Experiments.Profiles;
using CorrectNet.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// Reads a <see cref="SweepGrid"/> from JSON (.json) or YAML (.yaml, .yml): one object whose snake_case fields are the
/// grid's (models, datasets, sigmas, methods, seeds, profile, epochs, max_train, max_test, chips, chip_seed,
/// calibration_images, beta, train_sigma, preset, name). A list field also takes a single value. Any unknown field or
/// bad value is an error whose message names the file, the field and the value.
/// </summary>
public static class SweepGridFile
{
    public static IReadOnlyList<string> Fields { get; } =
    [
        "name", "models", "datasets", "sigmas", "methods", "seeds", "profile", "epochs", "max_train", "max_test",
        "chips", "chip_seed", "calibration_images", "beta", "train_sigma", "preset",
    ];

    /// <exception cref="InvalidDataException">Malformed file, unknown field or bad value; the message names file, field
    /// and value.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static SweepGrid Load(string path, SweepMethodRegistry? methods = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Grid file {path} does not exist.", path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        bool yaml = extension is ".yaml" or ".yml";
        return Parse(File.ReadAllText(path), path, yaml, methods);
    }

    /// <remarks>
    /// <para>source: The name errors give the text (usually its path).</para>
    /// </remarks>
    public static SweepGrid Parse(string text, string source, bool yaml = false, SweepMethodRegistry? methods = null)
    {
        methods ??= SweepMethodRegistry.Default;
        JsonNode? root = yaml ? ParseYaml(text, source) : ParseJson(text, source);
        if (root is not JsonObject fields)
            throw new InvalidDataException($"{source}: a grid file holds one object with fields {string.Join(", ",
                Fields)}; found {Show(root)}.");

        var reader = new FieldReader(source);
        var grid = new SweepGrid();
        foreach (var (name, value) in fields)
        {
            grid = name switch
            {
                "name" => grid with { Name = reader.String(name, value) },
                "models" => grid with { Models = reader.List(name, value, (f, v) => Model(reader, f, v)) },
                "datasets" => grid with { Datasets = reader.List(name, value, (f, v) => Dataset(reader, f, v)) },
                "sigmas" => grid with { Sigmas = reader.List(name, value, (f, v) => reader.Sigma(f, v)) },
                "methods" => grid with { Methods = reader.List(name, value, (f, v) => Method(reader, f, v, methods)) },
                "seeds" => grid with { Seeds = reader.List(name, value, reader.Long) },
                "profile" => grid with { Profile = Profile(reader, name, value) },
                "epochs" => grid with { Epochs = reader.OptionalInt(name, value, minimum: 1) },
                "max_train" => grid with { MaxTrain = reader.OptionalInt(name, value, minimum: 1) },
                "max_test" => grid with { MaxTest = reader.OptionalInt(name, value, minimum: 1) },
                "chips" => grid with { Chips = reader.OptionalInt(name, value, minimum: 1) },
                "chip_seed" => grid with { ChipSeed = value is null ? null : reader.Long(name, value) },
                "calibration_images" => grid with { CalibrationImages = reader.OptionalInt(name, value, minimum: 1) },
                "beta" => grid with { Beta = value is null ? null : reader.Double(name, value, minimum: 0) },
                "train_sigma" => grid with { TrainSigma = reader.Sigma(name, value) },
                "preset" => grid with { Preset = Preset(reader, name, value) },
                _ => throw new InvalidDataException(
                    $"{source}: unknown field '{name}' (value {Show(value)}); known fields: {string.Join(", ",
                        Fields)}."),
            };
        }
        foreach (string required in (string[])["models", "datasets", "sigmas"])
            if (!fields.ContainsKey(required))
                throw new InvalidDataException($"{source}: field '{required}' is missing; a grid needs models, " +
                    "datasets and sigmas.");

        var ids = new Dictionary<string, SweepCell>();
        foreach (var cell in grid.Cells())
            if (!ids.TryAdd(cell.Id, cell))
                throw new InvalidDataException($"{source}: cells {ids[cell.Id].Method} and {cell.Method} get the " +
                    $"same id '{cell.Id}'; rename a method.");
        return grid;
    }

    private static string Model(FieldReader reader, string field, JsonNode? value)
    {
        string name = reader.String(field, value).Trim().ToLowerInvariant();
        return ModelZoo.Names.Contains(name) ? name : throw reader.Bad(field, value,
            $"not a model; known: {string.Join(", ", ModelZoo.Names)}");
    }

    private static string Dataset(FieldReader reader, string field, JsonNode? value)
    {
        string name = reader.String(field, value);
        try
        {
            return DatasetRegistry.Canonical(name);
        }
        catch (ArgumentException)
        {
            throw reader.Bad(field, value, $"not a data set; known: {string.Join(", ", DatasetRegistry.Names)}");
        }
    }

    private static string Method(FieldReader reader, string field, JsonNode? value, SweepMethodRegistry methods) =>
        methods.Canonical(reader.String(field, value))
        ?? throw reader.Bad(field, value, $"not a sweep method; known: {string.Join(", ", methods.Names)}");

    private static string Profile(FieldReader reader, string field, JsonNode? value)
    {
        string name = reader.String(field, value).Trim().ToLowerInvariant();
        return ExperimentProfile.All.Any(p => p.Name == name) ? name
            : throw reader.Bad(field, value, $"not a profile; known: {string.Join(", ",
                ExperimentProfile.All.Select(p => p.Name))}");
    }

    private static string Preset(FieldReader reader, string field, JsonNode? value)
    {
        string name = reader.String(field, value).Trim().ToLowerInvariant();
        return CrossbarConfig.PresetNames.Contains(name) ? name
            : throw reader.Bad(field, value, $"not a hardware preset; known: {string.Join(", ",
                CrossbarConfig.PresetNames)}");
    }

    private static JsonNode? ParseJson(string text, string source)
    {
        try
        {
            var options = new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            };
            return JsonNode.Parse(text, documentOptions: options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid JSON: {e.Message}", e);
        }
    }

    private static JsonNode? ParseYaml(string text, string source)
    {
        var scanner = new Scanner(new StringReader(text));
        try
        {
            var stream = new YamlStream();
            stream.Load(new Parser(scanner));
            if (stream.Documents.Count != 1)
                throw new InvalidDataException($"{source}: a grid file holds one YAML document; found " +
                    $"{stream.Documents.Count}.");
            return FromYaml(stream.Documents[0].RootNode, source);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: " +
                $"{e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner gives up this way (no position) on some unterminated flow collections: where it
            // stopped is the best position there is.
            var at = scanner.CurrentPosition;
            throw new InvalidDataException(
                $"{source}: invalid YAML, the parser stopped at line {at.Line}, column {at.Column}: " +
                $"is a '[' or '{{' left unclosed? ({e.Message})", e);
        }
    }

    /// <summary>YAML as JSON: unquoted scalars that read as null, true/false or a number become those; everything else
    /// a string.</summary>
    private static JsonNode? FromYaml(YamlNode node, string source)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    string name = key is YamlScalarNode { Value: { } k } ? k
                        : throw new InvalidDataException($"{source}: line {key.Start.Line}: a field name must be a " +
                            "plain word.");
                    if (!obj.TryAdd(name, FromYaml(value, source)))
                        throw new InvalidDataException($"{source}: field '{name}' appears twice (line " +
                            $"{key.Start.Line}).");
                }
                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(c => FromYaml(c, source)).ToArray());
            case YamlScalarNode scalar:
                string text = scalar.Value ?? "";
                if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(text);
                if (text is "" or "~" || text.Equals("null", StringComparison.OrdinalIgnoreCase)) return null;
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(true);
                if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(false);
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                    out long integer)) return JsonValue.Create(integer);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture,
                    out double real) && double.IsFinite(real)) return JsonValue.Create(real);
                return JsonValue.Create(text);
            default:
                throw new InvalidDataException($"{source}: line {node.Start.Line}: unsupported YAML node (anchors " +
                    "and tags are not used in grids).");
        }
    }

    internal static string Show(JsonNode? value) => value?.ToJsonString() ?? "null";

    /// <summary>Typed reads of field values with errors that say source, field and value.</summary>
    private sealed class FieldReader(string source)
    {
        public InvalidDataException Bad(string field, JsonNode? value, string problem) =>
            new($"{source}: field '{field}' = {Show(value)}: {problem}.");

        public string String(string field, JsonNode? value) =>
            value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                && v.GetValue<string>() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s)
                ? s : throw Bad(field, value, "expected a non-empty string");

        public double Double(string field, JsonNode? value, double minimum = double.NegativeInfinity)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.Number
                || !double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture,
                    out double number) || !double.IsFinite(number))
                throw Bad(field, value, "expected a number");
            return number >= minimum ? number : throw Bad(field, value,
                $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}");
        }

        /// <summary>A σ of the device variation: 0 ≤ σ ≤ <see cref="DeviceVariation.MaxSigma"/>.</summary>
        public double Sigma(string field, JsonNode? value)
        {
            double sigma = Double(field, value, minimum: 0);
            return sigma <= DeviceVariation.MaxSigma ? sigma : throw Bad(field, value,
                $"must be at most {DeviceVariation.MaxSigma} (a larger σ overflows float32 conductances)");
        }

        public long Long(string field, JsonNode? value)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.Number
                || !long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                    out long number))
                throw Bad(field, value, "expected an integer");
            return number;
        }

        public int? OptionalInt(string field, JsonNode? value, int minimum)
        {
            if (value is null) return null;
            long number = Long(field, value);
            return number >= minimum && number <= int.MaxValue ? (int)number : throw Bad(field, value,
                $"must be an integer ≥ {minimum}");
        }

        /// <summary>A list (or one value standing for a list of one), non-empty, without repeats.</summary>
        public IReadOnlyList<T> List<T>(string field, JsonNode? value, Func<string, JsonNode?, T> item)
        {
            var items = value is JsonArray array ? array.ToArray() : [value];
            if (items.Length == 0) throw Bad(field, value, "expected at least one value");
            var result = new List<T>();
            for (int i = 0; i < items.Length; i++)
            {
                var parsed = item($"{field}[{i}]", items[i]);
                if (result.Contains(parsed)) throw Bad($"{field}[{i}]", items[i], "appears twice in the list");
                result.Add(parsed);
            }
            return result;
        }
    }
}
