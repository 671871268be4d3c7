using System.Text;
using Plotly.NET;

namespace CorrectNet.Notebooks;

/// <summary>
/// HTML for a Plotly figure that draws without the network: plotly.js comes from the copy Plotly.NET embeds, never
/// from a CDN. Plotly.NET's own toChartHTML omits the library and toEmbeddedHTML writes a whole page, so neither fits
/// a notebook output.
/// </summary>
public static class OfflinePlotly
{
    private static readonly Lazy<string> Library = new(ReadEmbeddedLibrary);

    /// <summary>The figure's {data, layout} JSON, as the application/vnd.plotly.v1+json MIME type wants it.</summary>
    public static string FigureJson(GenericChart chart) => GenericChart.toFigureJson(chart);

    /// <summary>
    /// A fragment that loads plotly.js once per page and draws the figure into its own div. The library is hidden
    /// from an AMD loader (classic Jupyter has require.js), which would otherwise swallow its global.
    /// </summary>
    /// <param name="interactive">False for a still image: no mode bar, no hover.</param>
    public static string Fragment(string figureJson, int width, int height, bool interactive = true)
    {
        string id = "correctnet-" + Guid.NewGuid().ToString("N");
        figureJson = figureJson.Replace("</", "<\\/", StringComparison.Ordinal); // a title must not end the script
        return new StringBuilder()
            .Append($"<div id=\"{id}\" style=\"width:{width}px;height:{height}px\"></div>\n")
            .Append("<script type=\"text/javascript\">\nif (typeof window.Plotly === 'undefined') {\n")
            .Append("var correctnetDefine = window.define; window.define = undefined;\n")
            .Append(Library.Value)
            .Append("\nwindow.define = correctnetDefine;\n}\n</script>\n")
            .Append("<script type=\"text/javascript\">\n")
            .Append($"(function () {{ var figure = {figureJson};\n")
            .Append($"Plotly.newPlot('{id}', figure.data, figure.layout, ")
            .Append(interactive ? "{displaylogo: false}" : "{staticPlot: true}")
            .Append("); })();\n")
            .Append("</script>\n")
            .ToString();
    }

    /// <summary>A standalone page around <see cref="Fragment"/>, margins off so a screenshot is the figure.</summary>
    public static string Page(string title, string fragment) =>
        $"<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\">" +
        $"<title>{System.Net.WebUtility.HtmlEncode(title)}</title></head>\n" +
        $"<body style=\"margin:0\">\n{fragment}</body>\n</html>\n";

    private static string ReadEmbeddedLibrary()
    {
        var assembly = typeof(GenericChart).Assembly;
        string resource = assembly.GetManifestResourceNames()
            .Single(n => n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A "</script>" inside the library would end the script element early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
