using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CorrectNet.Notebooks;
using Plotly.NET.CSharp;

namespace CorrectNet.Tests.Notebooks;

/// <summary>A figure output is drawable by every client and needs no network.</summary>
public class FigureOutputTests
{
    private static Plotly.NET.GenericChart Line(string title) =>
        Plotly.NET.Chart.withTitle(title, null)
            .Invoke(Chart.Line<int, double, string>([1, 2, 3], [0.5, 0.7, 0.9], Name: "test"));

    [Fact]
    public void FigureJsonHoldsDataAndTheFixedLayoutSize()
    {
        var figure = Artifacts.Figure(Line("accuracy"), "line");
        var json = JsonNode.Parse(figure.PlotlyJson)!;
        Assert.Equal([0.5, 0.7, 0.9], json["data"]![0]!["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(FigureLayout.Width, (int)json["layout"]!["width"]!);
        Assert.Equal(FigureLayout.PlotHeight, (int)json["layout"]!["height"]!);
        Assert.Equal("[figure: line]", figure.Text);
        Assert.Equal(figure.Png is null ? 3 : 4, figure.MimeTypes.Length);
        Assert.Equal(FigureOutput.PlotlyMimeType, figure.MimeTypes[0]);
    }

    [Fact]
    public void HtmlCarriesPlotlyJsAndLoadsNothingFromTheNetwork()
    {
        string html = Artifacts.Figure(Line("accuracy"), "line").Html;
        Assert.Contains("Plotly.newPlot(", html);
        // the minified library is ~3.6 MB
        Assert.True(html.Length > 1_000_000, $"plotly.js is inline: {html.Length} characters");
        Assert.DoesNotMatch(new Regex("<script[^>]+src=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<link[^>]+href=", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public void ATitleCannotEndTheScriptThatDrawsIt()
    {
        string html = OfflinePlotly.Fragment(OfflinePlotly.FigureJson(Line("a </script> b")), 100, 100);
        int figureScript = html.LastIndexOf("<script", StringComparison.Ordinal);
        Assert.Equal(html.Length - "</script>\n".Length,
            html.IndexOf("</script>", figureScript, StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs where a headless browser is installed (CI installs one): the figure draws, and its PNG is not blank.
    /// </summary>
    [Fact]
    public void TheOfflinePageDrawsInAHeadlessBrowserAndThePngHasContent()
    {
        if (HeadlessBrowser.Find() is not { } browser) return;
        var figure = Artifacts.Figure(Line("accuracy"), "line");
        string folder = Directory.CreateTempSubdirectory("figure-test-").FullName;
        try
        {
            string page = Path.Combine(folder, "page.html");
            string second = Artifacts.Figure(Line("second"), "second").Html;
            File.WriteAllText(page, OfflinePlotly.Page("two", figure.Html + second)); // plotly.js loads once, both draw
            Assert.Equal(2, HeadlessBrowser.DrawnFigures(browser, page));
            File.WriteAllText(page, OfflinePlotly.Page("blank", "<div class=\"plot\"></div>"));
            Assert.Equal(0, HeadlessBrowser.DrawnFigures(browser, page));
        }
        finally { Directory.Delete(folder, recursive: true); }

        Assert.NotNull(figure.Png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], figure.Png![..4]);
        // A blank 820×460 PNG compresses to about 2 kB; a drawn figure with axes, text and a line is much larger.
        Assert.True(figure.Png.Length > 10_000, $"PNG of {figure.Png.Length} bytes");
    }
}
