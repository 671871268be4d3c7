using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace CorrectNet.Notebooks;

/// <summary>
/// Figures and tables of a notebook: rendered as HTML for display, and, when CORRECTNET_ARTIFACTS is set
/// (by `correctnet reproduce`), also saved there: figures as standalone offline HTML (plotly.js inline), tables as CSV.
/// </summary>
public static class Artifacts
{
    public const string FolderVariable = "CORRECTNET_ARTIFACTS";

    /// <summary>The folder this notebook's artifacts go to, or null when running interactively without one.</summary>
    public static string? Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } f ? f : null;

    /// <summary>Saves the figure (if a folder is set) and returns self-contained HTML for the notebook output.</summary>
    public static string Figure(GenericChart chart, string name)
    {
        // F# options: null is None. Full = plotly.js inlined, so the output works offline (about 3.6 MB a figure).
        var options = DisplayOptions.init(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full));
        var offline = Plotly.NET.Chart.withDisplayOptions(options).Invoke(chart);
        if (Plotly.NET.GenericChart.getLayout(offline).TryGetTypedPropertyValue<int>("width") is null)
            offline = offline.WithSize(Width: 820, Height: 460); // a fixed size so saved figures look the same everywhere
        if (Folder is { } folder)
            AtomicFile.WriteAllText(Path.Combine(folder, FileName(name, ".html")), GenericChart.toEmbeddedHTML(offline));
        return GenericChart.toChartHTML(offline);
    }

    /// <summary>Saves the table as CSV (if a folder is set) and returns it as an HTML table.</summary>
    public static string Table(DataFrame table, string name)
    {
        if (Folder is { } folder)
            AtomicFile.Write(Path.Combine(folder, FileName(name, ".csv")), stream => DataFrame.SaveCsv(table, stream, encoding: new UTF8Encoding(false), cultureInfo: CultureInfo.InvariantCulture));
        return ToHtml(table);
    }

    private static string ToHtml(DataFrame table)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in table.Columns) html.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
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
        return new string(name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '-' : c).ToArray()) + extension;
    }
}
