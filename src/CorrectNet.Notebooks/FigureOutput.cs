namespace CorrectNet.Notebooks;

/// <summary>
/// One figure in every form a notebook client draws: the Plotly figure JSON (VS Code, JupyterLab: interactive), a
/// static PNG (GitHub, nbviewer, untrusted notebooks; null when no headless browser was found) and an HTML fragment
/// that carries plotly.js inline (classic Jupyter, nbconvert's HTML, offline). kit.csx displays all of them as one
/// output, and the client picks the richest it can draw.
/// </summary>
public sealed record FigureOutput(string Name, string PlotlyJson, string Html, byte[]? Png)
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";
    public const string PngMimeType = "image/png";
    public const string HtmlMimeType = "text/html";
    public const string TextMimeType = "text/plain";

    /// <summary>The MIME types this figure is displayed as, richest first.</summary>
    public string[] MimeTypes => Png is null
        ? [PlotlyMimeType, HtmlMimeType, TextMimeType]
        : [PlotlyMimeType, PngMimeType, HtmlMimeType, TextMimeType];

    /// <summary>What a client that draws nothing shows.</summary>
    public string Text => $"[figure: {Name}]";

    public string PngBase64 => Png is null ? "" : Convert.ToBase64String(Png);
}
