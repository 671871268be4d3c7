using System.Text.Json.Nodes;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

/// <summary>What reproduce reads back from an executed notebook: its first error and its figure outputs.</summary>
public sealed class ExecutedNotebookTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("executed-notebook-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(params JsonObject[] cells)
    {
        string path = Path.Combine(_folder, "nb.ipynb");
        File.WriteAllText(path, new JsonObject { ["cells"] = new JsonArray(cells), ["nbformat"] = 4 }.ToJsonString());
        return path;
    }

    private static JsonObject Cell(params JsonObject[] outputs) =>
        new() { ["cell_type"] = "code", ["outputs"] = new JsonArray(outputs) };

    private static JsonObject Figure(JsonNode plotly, bool png = true)
    {
        var data = new JsonObject
        {
            [FigureOutput.PlotlyMimeType] = plotly,
            [FigureOutput.TextMimeType] = "[figure: f]"
        };
        if (png) data[FigureOutput.PngMimeType] = "iVBORw0KGgo=";
        return new JsonObject { ["output_type"] = "display_data", ["data"] = data };
    }

    [Fact]
    public void FirstCellErrorNamesTheCellAndTheCompilerMessage()
    {
        string path = Write(
            Cell(),
            Cell(new JsonObject
            {
                ["output_type"] = "stream",
                ["name"] = "stderr",
                ["text"] = new JsonArray("(1,9): error CS0234: 'DataFor' does not exist\n")
            },
                 new JsonObject { ["output_type"] = "error", ["ename"] = "Error", ["evalue"] = "compilation error" }),
            Cell(new JsonObject { ["output_type"] = "error", ["ename"] = "Later", ["evalue"] = "not this one" }));
        string? error = ExecutedNotebook.Load(path).FirstCellError();
        Assert.NotNull(error);
        Assert.StartsWith("cell 2: Error: compilation error", error);
        Assert.Contains("CS0234", error);
        Assert.DoesNotContain("Later", error);
    }

    [Fact]
    public void ANotebookWithoutErrorOutputsHasNoError() =>
        Assert.Null(ExecutedNotebook.Load(Write(Cell(Figure("{}")), Cell())).FirstCellError());

    [Fact]
    public void FiguresAreCountedWithAndWithoutTheirImage()
    {
        var notebook = ExecutedNotebook.Load(Write(Cell(Figure("{}"), Figure("{}", png: false)), Cell(Figure("{}"))));
        Assert.Equal(3, notebook.Figures);
        Assert.Equal(2, notebook.FiguresWithImage);
        Assert.Equal(["[figure: f]", "[figure: f]", "[figure: f]"], notebook.FigureTexts);
    }

    [Fact]
    public void PlotlyOutputsSentAsStringOrLinesAreStoredAsJsonObjects()
    {
        string path = Write(Cell(Figure("{\"data\":[{\"y\":[1,2]}],\"layout\":{}}"),
                                 Figure(new JsonArray("{\"data\":[],\n", "\"layout\":{\"width\":820}}"))));
        var notebook = ExecutedNotebook.Load(path);
        Assert.True(notebook.NormalizePlotlyOutputs());
        notebook.Save();
        var figures = JsonNode.Parse(File.ReadAllText(path))!["cells"]![0]!["outputs"]!.AsArray()
            .Select(o => o!["data"]![FigureOutput.PlotlyMimeType]).ToList();
        Assert.All(figures, f => Assert.IsType<JsonObject>(f));
        Assert.Equal(2, (int)figures[0]!["data"]![0]!["y"]![1]!);
        Assert.Equal(820, (int)figures[1]!["layout"]!["width"]!);
        Assert.False(ExecutedNotebook.Load(path).NormalizePlotlyOutputs()); // already objects: nothing to change
    }

    [Fact]
    public void ATruncatedNotebookIsReportedWithItsPath()
    {
        string path = Path.Combine(_folder, "broken.ipynb");
        File.WriteAllText(path, "{\"cells\": [");
        var e = Assert.Throws<InvalidDataException>(() => ExecutedNotebook.Load(path));
        Assert.Contains(path, e.Message);
    }
}
