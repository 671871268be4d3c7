using System.Text.Json.Nodes;

namespace CorrectNet.Notebooks;

/// <summary>
/// Layout rules every figure gets before it is shown or saved, so it reads at a glance: a fixed width, the legend
/// below the plot when it would otherwise take the plot's room, confidence bands drawn beneath every line, and point
/// labels above their markers rather than on them.
/// </summary>
public static class FigureLayout
{
    /// <summary>Figure width in CSS pixels, and the height of the plot with its title and axes.</summary>
    public const int Width = 820, PlotHeight = 460;

    /// <summary>Legend entries that fit beside the plot; more go below it, in rows.</summary>
    public const int MaxEntriesBeside = 6;

    /// <summary>
    /// Characters of a title that fit on one line of the figure's width at Plotly's title font (17 px).
    /// </summary>
    public const int TitleLineCharacters = 90;

    /// <summary>Legend entries per row below the plot, and the height of one row, in CSS pixels.</summary>
    private const int EntriesPerRow = 2, RowHeight = 21;

    /// <summary>The figure JSON with the rules applied, and its size in CSS pixels.</summary>
    public static (string Json, int Width, int Height) Apply(string figureJson)
    {
        var figure = JsonNode.Parse(figureJson)!.AsObject();
        var data = figure["data"] as JsonArray ?? [];
        var layout = figure["layout"] as JsonObject ?? [];
        figure["layout"] = layout;
        figure["data"] = BandsFirst(data);
        foreach (var trace in figure["data"]!.AsArray().OfType<JsonObject>())
            if (((string?)trace["mode"])?.Contains("text", StringComparison.Ordinal) == true
                && !trace.ContainsKey("textposition"))
            {
                trace["textposition"] = "top center";
                trace["cliponaxis"] = false; // a label near the plot's edge is drawn whole
            }

        int entries = data.Count(t => t?["showlegend"]?.GetValue<bool>() != false);
        int height = PlotHeight;
        if (entries > MaxEntriesBeside)
        {
            int rows = (entries + EntriesPerRow - 1) / EntriesPerRow;
            height += rows * RowHeight;
            // Below the x-axis title: y in units of the plot's height, negative is below it.
            layout["legend"] = new JsonObject
            {
                ["orientation"] = "h",
                ["x"] = 0,
                ["xanchor"] = "left",
                ["y"] = -0.16,
                ["yanchor"] = "top",
                ["traceorder"] = "normal",
            };
            layout["margin"] = new JsonObject { ["b"] = 60 + rows * RowHeight };
        }
        if (layout["title"]?["text"] is JsonValue titleValue && titleValue.TryGetValue(out string? title))
            layout["title"]!["text"] = WrapTitle(title);
        layout["width"] = Width;
        layout["height"] = height;
        return (figure.ToJsonString(), Width, height);
    }

    /// <summary>
    /// A title longer than one line breaks at the space nearest its middle (Plotly cuts a long title at the figure's
    /// edge instead of wrapping it); one that already has a line break is left alone.
    /// </summary>
    public static string WrapTitle(string title)
    {
        if (title.Length <= TitleLineCharacters || title.Contains("<br>", StringComparison.Ordinal)) return title;
        int middle = title.Length / 2, best = -1;
        for (int i = 0; i < title.Length; i++)
            if (title[i] == ' ' && (best < 0 || Math.Abs(i - middle) < Math.Abs(best - middle))) best = i;
        return best < 0 ? title : title[..best] + "<br>" + title[(best + 1)..];
    }

    /// <summary>
    /// Confidence bands (a trace filled to the one before it, and that one) move before all other traces, keeping
    /// their order: Plotly draws in data order, so no band covers a line.
    /// </summary>
    private static JsonArray BandsFirst(JsonArray data)
    {
        var traces = data.Select(t => t?.DeepClone()).ToList();
        var band = new bool[traces.Count];
        for (int i = 1; i < traces.Count; i++)
            if ((string?)traces[i]?["fill"] is "tonexty" or "tonextx") band[i] = band[i - 1] = true;
        return new JsonArray([.. traces.Where((_, i) => band[i]), .. traces.Where((_, i) => !band[i])]);
    }
}
