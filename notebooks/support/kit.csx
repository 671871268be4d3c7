// Loads the kit into the notebook kernel (after support/build.csx has built it) and defines the two display helpers.
#r "../../.build/notebooks/TorchSharp.dll"
#r "../../.build/notebooks/CorrectNet.dll"
#r "../../.build/notebooks/CorrectNet.Notebooks.dll"
#r "../../.build/notebooks/Plotly.NET.dll"
#r "../../.build/notebooks/Plotly.NET.CSharp.dll"
#r "../../.build/notebooks/Microsoft.Data.Analysis.dll"
using static Microsoft.DotNet.Interactive.Kernel;

/// <summary>The profile in force: CORRECTNET_PROFILE (set by `correctnet reproduce --profile`), else default.</summary>
var profile = CorrectNet.Notebooks.NotebookEnvironment.Initialize();

/// <summary>Where tensors live: CORRECTNET_DEVICE (set by `correctnet reproduce --device`), else cpu.</summary>
var device = CorrectNet.Notebooks.NotebookEnvironment.Device;

/// <summary>Where recipes run: the result cache (CORRECTNET_CACHE, else .cache/) on `device`.</summary>
var context = CorrectNet.Notebooks.NotebookEnvironment.Context;

// A figure is one output in several MIME types; each client draws the richest it can
// (CorrectNet.Notebooks.FigureOutput).
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<CorrectNet.Notebooks.FigureOutput>(
    (figure, writer) => writer.Write(figure.PlotlyJson), CorrectNet.Notebooks.FigureOutput.PlotlyMimeType);
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<CorrectNet.Notebooks.FigureOutput>(
    (figure, writer) => writer.Write(figure.PngBase64), CorrectNet.Notebooks.FigureOutput.PngMimeType);
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<CorrectNet.Notebooks.FigureOutput>(
    (figure, writer) => writer.Write(figure.Html), CorrectNet.Notebooks.FigureOutput.HtmlMimeType);
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<CorrectNet.Notebooks.FigureOutput>(
    (figure, writer) => writer.Write(figure.Text), CorrectNet.Notebooks.FigureOutput.TextMimeType);

/// <summary>
/// Displays a figure (interactive, static image, offline HTML) and, under `correctnet reproduce`,
/// saves it as HTML and PNG.
/// </summary>
void Show(Plotly.NET.GenericChart chart, string name)
{
    var figure = CorrectNet.Notebooks.Artifacts.Figure(chart, name);
    display(figure, figure.MimeTypes);
}

/// <summary>Displays a table and, under `correctnet reproduce`, saves it as CSV.</summary>
void Show(Microsoft.Data.Analysis.DataFrame table, string name) =>
    display(HTML(CorrectNet.Notebooks.Artifacts.Table(table, name)));
