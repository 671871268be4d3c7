using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CorrectNet.Cli;

/// <summary>
/// An assignment notebook of course/ (nbformat 4.5 JSON, cells with ids), read with nbgrader's markers as C# comments:
/// a cell holding <c>// BEGIN SOLUTION</c> … <c>// END SOLUTION</c> is an answer cell (the student writes it); a
/// <c>// BEGIN HIDDEN TESTS</c> … <c>// END HIDDEN TESTS</c> region of a check cell is left out of the student
/// version. A check is a call <c>Check("id", points, …)</c> with literal id and points (course/support/checks.csx).
/// Every error names the file and the cell (1-based, markdown counted, and its id).
/// </summary>
internal sealed partial class CourseNotebook
{
    public const string BeginSolution = "// BEGIN SOLUTION";
    public const string EndSolution = "// END SOLUTION";
    public const string BeginHidden = "// BEGIN HIDDEN TESTS";
    public const string EndHidden = "// END HIDDEN TESTS";
    /// <summary>What release puts where a solution was.</summary>
    public const string Stub = "throw new NotImplementedException();";
    /// <summary>Notebook metadata key naming the assignment (the source's file name without extension).</summary>
    public const string AssignmentKey = "correctnet_assignment";

    private readonly JsonObject _document;

    private CourseNotebook(string path, JsonObject document, IReadOnlyList<CourseCell> cells)
    {
        Path = path;
        _document = document;
        Cells = cells;
    }

    public string Path { get; }
    public IReadOnlyList<CourseCell> Cells { get; }

    /// <summary>The assignment named in the metadata, else the file name without extension.</summary>
    public string Assignment =>
        _document["metadata"]?[AssignmentKey]?.GetValue<string>()
        ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    public static CourseNotebook Load(string path) => Parse(File.ReadAllText(path), path);

    /// <exception cref="InvalidDataException">Not a notebook, or a cell without id or source.</exception>
    public static CourseNotebook Parse(string json, string path)
    {
        JsonObject document;
        try
        {
            document = JsonNode.Parse(json) as JsonObject
                ?? throw new InvalidDataException($"{path}: not a notebook (the JSON is not an object).");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: not a notebook (invalid JSON: {e.Message}).", e);
        }
        if (document["cells"] is not JsonArray array)
            throw new InvalidDataException($"{path}: not a notebook (no \"cells\" array).");
        var cells = new List<CourseCell>();
        for (int i = 0; i < array.Count; i++)
        {
            var cell = array[i] as JsonObject
                ?? throw new InvalidDataException($"{path}: cell {i + 1} is not a JSON object.");
            string? id = cell["id"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id))
                throw new InvalidDataException(
                    $"{path}: cell {i + 1} has no \"id\" (nbformat 4.5): ids tie a submission's answers to the " +
                    "assignment; save the notebook with Jupyter or VS Code, which add them.");
            string type = cell["cell_type"]?.GetValue<string>() ?? "";
            string source = cell["source"] switch
            {
                JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
                JsonValue text => text.GetValue<string>(),
                _ => throw new InvalidDataException($"{path}: cell {i + 1} (id {id}) has no \"source\"."),
            };
            cells.Add(new CourseCell(i + 1, id, type, source, cell));
        }
        return new CourseNotebook(path, document, cells);
    }

    /// <summary>
    /// Checks the markers (paired, not nested, hidden tests only outside answer cells) and the check calls (literal
    /// id and points, ids unique).
    /// </summary>
    /// <exception cref="InvalidDataException">Names file, cell and the fault.</exception>
    public IReadOnlyList<CourseCheck> Validate()
    {
        var checks = new List<CourseCheck>();
        foreach (var cell in Cells.Where(c => c.IsCode))
        {
            Regions(cell, BeginSolution, EndSolution);
            var hidden = Regions(cell, BeginHidden, EndHidden);
            if (cell.IsAnswer && hidden.Count > 0)
                throw Fault(cell, $"holds both {BeginSolution} and {BeginHidden}: hidden tests belong in check cells");
            if (cell.IsAnswer) continue;
            foreach (Match call in CheckCall().Matches(cell.Source))
            {
                string id = call.Groups["id"].Value;
                if (checks.Any(c => c.Id == id)) throw Fault(cell, $"repeats the check id \"{id}\"");
                bool isHidden = hidden.Any(r => call.Index > r.Start && call.Index < r.End);
                checks.Add(new CourseCheck(id, int.Parse(call.Groups["points"].Value), cell.Id, isHidden));
            }
            int calls = LooseCheckCall().Count(cell.Source);
            if (calls != CheckCall().Count(cell.Source))
                throw Fault(cell, "calls Check( without a literal id and points: write Check(\"id\", points, …)");
        }
        return checks;
    }

    /// <summary>The student version: each solution region becomes <see cref="Stub"/>, hidden tests go.</summary>
    public string Release()
    {
        Validate();
        var released = (JsonObject)_document.DeepClone();
        var array = (JsonArray)released["cells"]!;
        foreach (var cell in Cells.Where(c => c.IsCode))
        {
            string source = Replace(cell, cell.Source, BeginSolution, EndSolution, keep: indent => indent + Stub);
            source = Replace(cell, source, BeginHidden, EndHidden, keep: _ => null);
            var target = (JsonObject)array[cell.Number - 1]!;
            target["source"] = SourceLines(source);
            target["outputs"] = new JsonArray();
            target["execution_count"] = null;
        }
        released["metadata"]![AssignmentKey] = Assignment;
        return released.ToJsonString(NotebookJson);
    }

    /// <summary>
    /// The notebook the grader runs: this source's cells in order, each answer cell replaced by the submission's cell
    /// of the same id (the student version's stub when the submission lacks it); cells the submission added follow
    /// the known cell they followed there. Checks and hidden tests come from this source, so a submission cannot
    /// change them.
    /// </summary>
    public string MergeForGrading(CourseNotebook submission)
    {
        Validate();
        var known = Cells.Select(c => c.Id).ToHashSet();
        var answers = submission.Cells.Where(c => known.Contains(c.Id)).ToDictionary(c => c.Id);
        var added = new Dictionary<string, List<CourseCell>>();
        string after = "";
        foreach (var cell in submission.Cells)
        {
            if (known.Contains(cell.Id))
            {
                after = cell.Id;
                continue;
            }
            if (!added.TryGetValue(after, out var list)) added[after] = list = [];
            list.Add(cell);
        }
        var released = Parse(Release(), Path);
        var merged = (JsonObject)_document.DeepClone();
        var cells = new JsonArray();
        foreach (var cell in added.GetValueOrDefault("") ?? []) cells.Add(Plain(cell));
        foreach (var cell in Cells)
        {
            var chosen = cell.IsAnswer
                ? answers.GetValueOrDefault(cell.Id) ?? released.Cells[cell.Number - 1]
                : cell;
            cells.Add(Plain(chosen));
            foreach (var extra in added.GetValueOrDefault(cell.Id) ?? []) cells.Add(Plain(extra));
        }
        merged["cells"] = cells;
        return merged.ToJsonString(NotebookJson);
    }

    /// <summary>The cell as it was read (metadata kept), without outputs.</summary>
    private static JsonObject Plain(CourseCell cell)
    {
        var json = (JsonObject)cell.Json.DeepClone();
        json["source"] = SourceLines(cell.Source);
        if (cell.IsCode)
        {
            json["outputs"] = new JsonArray();
            json["execution_count"] = null;
        }
        return json;
    }

    private static JsonArray SourceLines(string source)
    {
        var lines = new JsonArray();
        foreach (Match line in Line().Matches(source)) lines.Add(line.Value);
        return lines;
    }

    private string Replace(CourseCell cell, string source, string begin, string end, Func<string, string?> keep)
    {
        var regions = Regions(cell with { Source = source }, begin, end);
        for (int i = regions.Count - 1; i >= 0; i--)
        {
            var (start, stop, indent) = regions[i];
            int lineStart = source.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
            int lineEnd = source.IndexOf('\n', stop);
            lineEnd = lineEnd < 0 ? source.Length : lineEnd + 1;
            string? replacement = keep(indent);
            source = source[..lineStart] + (replacement is null ? "" : replacement + "\n") + source[lineEnd..];
        }
        return source.TrimEnd('\n');
    }

    /// <summary>Marker pairs as (index of begin, index of end, indentation of begin).</summary>
    private List<(int Start, int End, string Indent)> Regions(CourseCell cell, string begin, string end)
    {
        var found = new List<(int, int, string)>();
        int position = 0;
        while (true)
        {
            int open = cell.Source.IndexOf(begin, position, StringComparison.Ordinal);
            int close = cell.Source.IndexOf(end, position, StringComparison.Ordinal);
            if (open < 0 && close < 0) return found;
            if (open < 0 || (close >= 0 && close < open))
                throw Fault(cell, $"has {end} without {begin} before it");
            if (close < 0) throw Fault(cell, $"has {begin} without {end}");
            int nested = cell.Source.IndexOf(begin, open + begin.Length, StringComparison.Ordinal);
            if (nested >= 0 && nested < close) throw Fault(cell, $"nests {begin} inside another");
            int lineStart = cell.Source.LastIndexOf('\n', Math.Max(0, open - 1)) + 1;
            if (cell.Source[lineStart..open].Trim().Length > 0)
                throw Fault(cell, $"has {begin} after code on its line; put the marker on a line of its own");
            found.Add((open, close, cell.Source[lineStart..open]));
            position = close + end.Length;
        }
    }

    private InvalidDataException Fault(CourseCell cell, string what) =>
        new($"{Path}: cell {cell.Number} (id {cell.Id}) {what}.");

    private static readonly System.Text.Json.JsonSerializerOptions NotebookJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [GeneratedRegex(@"\bCheck\(\s*""(?<id>[A-Za-z0-9_.-]+)""\s*,\s*(?<points>\d+)\s*,")]
    private static partial Regex CheckCall();

    [GeneratedRegex(@"\bCheck\(")]
    private static partial Regex LooseCheckCall();

    [GeneratedRegex(@"[^\n]*\n|[^\n]+$")]
    private static partial Regex Line();
}
