using System.Text.Json.Nodes;
namespace CorrectNet.Notebooks;

/// <summary>
/// A notebook as a runner (Jupyter's nbconvert, dotnet-repl) wrote it back, with its outputs: the first cell error,
/// and its figure outputs (those with a Plotly MIME type; see <see cref="FigureOutput"/>).
/// </summary>
public sealed class ExecutedNotebook
{
    private readonly string _path;
    private readonly JsonNode _root;

    private ExecutedNotebook(string path, JsonNode root) { _path = path; _root = root; }

    public static ExecutedNotebook Load(string path)
    {
        try
        {
            return new(path, JsonNode.Parse(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} is not a notebook."));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path} is not a notebook: {e.Message}", e);
        }
    }

    private IEnumerable<(int Cell, JsonObject Output)> Outputs()
    {
        var cells = _root["cells"]?.AsArray() ?? [];
        for (int i = 0; i < cells.Count; i++)
            foreach (var output in cells[i]?["outputs"]?.AsArray() ?? [])
                if (output is JsonObject o) yield return (i + 1, o);
    }

    /// <summary>
    /// "cell N: error" for the first cell whose outputs hold an error, else null. N counts every cell from 1.
    /// </summary>
    public string? FirstCellError()
    {
        foreach (var (cell, output) in Outputs())
        {
            if ((string?)output["output_type"] != "error") continue;
            string message = $"{output["ename"]}: {output["evalue"]}";
            // The kernel sends compiler errors to stderr and reports only "compilation error" as the error itself.
            var stderr = Outputs().Where(o => o.Cell == cell && (string?)o.Output["name"] == "stderr")
                .Select(o => Text(o.Output["text"])).FirstOrDefault(t => t.Trim().Length > 0);
            if (stderr is not null) message += "\n" + stderr.Trim();
            return $"cell {cell}: {string.Join("\n", message.Split('\n').Take(8))}";
        }
        return null;
    }

    private IEnumerable<JsonObject> FigureData() => Outputs()
        .Select(o => o.Output["data"] as JsonObject)
        .Where(d => d is not null && d.ContainsKey(FigureOutput.PlotlyMimeType))!;

    public int Figures => FigureData().Count();

    public int FiguresWithImage => FigureData().Count(d => d.ContainsKey(FigureOutput.PngMimeType));

    /// <summary>Names of the figures (their text/plain form), in output order.</summary>
    public IReadOnlyList<string> FigureTexts => FigureData().Select(d => Text(d[FigureOutput.TextMimeType])).ToList();

    /// <summary>
    /// Stores each Plotly figure as a JSON object: the kernel sends it as a string (dotnet-repl as lines), which
    /// nbformat allows but which JupyterLab's and VS Code's Plotly renderers do not draw from a saved notebook. Returns
    /// whether anything changed.
    /// </summary>
    public bool NormalizePlotlyOutputs()
    {
        bool changed = false;
        foreach (var data in FigureData().ToList())
        {
            var figure = data[FigureOutput.PlotlyMimeType];
            if (figure is JsonObject) continue;
            // a string, or (dotnet-repl) a list of lines
            data[FigureOutput.PlotlyMimeType] = JsonNode.Parse(Text(figure));
            changed = true;
        }
        return changed;
    }

    public void Save() => AtomicFile.WriteAllText(_path, _root.ToJsonString());

    /// <summary>nbformat stores text as a string or as a list of lines.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value when value.TryGetValue(out string? s) => s,
        _ => "",
    };
}
