using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>
/// Figures and tables of a notebook: rendered as HTML for display, and, when CORRECTNET_ARTIFACTS is set
/// (by `correctnet reproduce`), also saved there: figures as standalone offline HTML (plotly.js inline) and PNG, tables
/// as CSV.
/// </summary>
public static class Artifacts
{
    public const string FolderVariable = "CORRECTNET_ARTIFACTS";

    /// <summary>The folder this notebook's artifacts go to, or null when running interactively without one.</summary>
    public static string? Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } f ? f : null;

    private static int _browserHintShown;

    /// <summary>
    /// The figure as every notebook client can draw it (<see cref="FigureOutput"/>); when a folder is set, also saved
    /// there as standalone offline HTML and, when a headless browser renders it, as PNG.
    /// </summary>
    public static FigureOutput Figure(GenericChart chart, string name)
    {
        var (json, width, height) = FigureLayout.Apply(OfflinePlotly.FigureJson(chart));
        string fragment = OfflinePlotly.Fragment(json, width, height);
        string page = OfflinePlotly.Page(name, fragment);
        byte[]? png = HeadlessBrowser.Screenshot(
            OfflinePlotly.Page(name, OfflinePlotly.Fragment(json, width, height, interactive: false)), width, height);
        if (png is null && Interlocked.Exchange(ref _browserHintShown, 1) == 0)
            Console.WriteLine("Figures carry no static image (GitHub shows none): no headless Chromium found. " +
                              $"Install chromium or set {HeadlessBrowser.Variable} (environment.md §6).");
        if (Folder is { } folder)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, FileName(name, ".html")), page);
            if (png is not null) AtomicFile.Write(Path.Combine(folder, FileName(name, ".png")), s => s.Write(png));
            ArtifactIndex.For(folder).Add(
                new ArtifactEntry(ArtifactKind.Figure, name, FileName(name, png is null ? ".html" : ".png")));
        }
        return new FigureOutput(name, json, fragment, png);
    }

    /// <summary>Saves the table as CSV (if a folder is set) and returns it as an HTML table.</summary>
    public static string Table(DataFrame table, string name)
    {
        if (Folder is { } folder)
        {
            AtomicFile.Write(Path.Combine(folder, FileName(name, ".csv")), stream =>
                DataFrame.SaveCsv(table, stream, encoding: new UTF8Encoding(false),
                    cultureInfo: CultureInfo.InvariantCulture));
            ArtifactIndex.For(folder).Add(new ArtifactEntry(ArtifactKind.Table, name, FileName(name, ".csv")));
        }
        return ToHtml(table);
    }

    private static string ToHtml(DataFrame table)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in table.Columns)
            html.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (long row = 0; row < table.Rows.Count; row++)
        {
            html.Append("<tr>");
            foreach (var column in table.Columns)
                html.Append("<td>").Append(WebUtility.HtmlEncode(Format(column[row]))).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G5", CultureInfo.InvariantCulture),
        float f => f.ToString("G5", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FileName(string name, string extension)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string(name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '-' : c).ToArray())
            + extension;
    }
}
