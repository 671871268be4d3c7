using System.Text.Json.Nodes;
using CorrectNet.Notebooks;

namespace CorrectNet.Tests.Notebooks;

public class FigureLayoutTests
{
    private static string Figure(params JsonObject[] traces) =>
        new JsonObject { ["data"] = new JsonArray(traces), ["layout"] = new JsonObject { ["width"] = 600 } }
            .ToJsonString();

    private static JsonObject Trace(string name, string? fill = null, bool legend = true)
    {
        var trace = new JsonObject { ["name"] = name };
        if (fill is not null) trace["fill"] = fill;
        if (!legend) trace["showlegend"] = false;
        return trace;
    }

    [Fact]
    public void BandsMoveBeneathEveryLineAndKeepTheirEdgesTogether()
    {
        var (json, _, _) = FigureLayout.Apply(Figure(
            Trace("a low", legend: false), Trace("a high", "tonexty", legend: false), Trace("a"),
            Trace("b low", legend: false), Trace("b high", "tonexty", legend: false), Trace("b"), Trace("b clean")));
        var names = JsonNode.Parse(json)!["data"]!.AsArray().Select(t => (string)t!["name"]!);
        Assert.Equal(["a low", "a high", "b low", "b high", "a", "b", "b clean"], names);
    }

    [Fact]
    public void AFewEntriesStayBesideThePlotAtTheFixedSize()
    {
        var (json, width, height) = FigureLayout.Apply(
            Figure([.. Enumerable.Range(0, FigureLayout.MaxEntriesBeside).Select(i => Trace($"s{i}"))]));
        var layout = JsonNode.Parse(json)!["layout"]!;
        Assert.Equal((FigureLayout.Width, FigureLayout.PlotHeight), (width, height));
        Assert.Equal(FigureLayout.Width, (int)layout["width"]!);
        Assert.Null(layout["legend"]);
    }

    [Fact]
    public void ManyEntriesGoBelowThePlotWhichGrowsByTheirRows()
    {
        // 10 entries with legends plus 10 band edges without: 5 rows of at most 2.
        var traces = Enumerable.Range(0, 10).SelectMany(i => new[] { Trace($"s{i}"), Trace($"e{i}", legend: false) });
        var (json, _, height) = FigureLayout.Apply(Figure([.. traces]));
        var layout = JsonNode.Parse(json)!["layout"]!;
        Assert.Equal("h", (string)layout["legend"]!["orientation"]!);
        Assert.True((double)layout["legend"]!["y"]! < 0, "below the plot");
        Assert.Equal(FigureLayout.PlotHeight + 5 * 21, height);
        Assert.Equal(height, (int)layout["height"]!);
    }

    [Fact]
    public void PointLabelsSitAboveTheirMarkersUnlessPlacedOtherwise()
    {
        var labelled = Trace("labelled"); labelled["mode"] = "markers+text";
        var placed = Trace("placed"); placed["mode"] = "markers+text"; placed["textposition"] = "inside";
        var plain = Trace("plain"); plain["mode"] = "lines";
        var data = JsonNode.Parse(FigureLayout.Apply(Figure(labelled, placed, plain)).Json)!["data"]!.AsArray();
        Assert.Equal(["top center", "inside", null], data.Select(t => (string?)t!["textposition"]));
    }

    [Fact]
    public void ALongTitleBreaksAtTheSpaceNearestItsMiddleAndAShortOneStays()
    {
        string half = new('a', FigureLayout.TitleLineCharacters / 2);
        Assert.Equal($"{half} b<br>{half} c", FigureLayout.WrapTitle($"{half} b {half} c"));
        Assert.Equal("short title", FigureLayout.WrapTitle("short title"));
        string unbroken = new('x', FigureLayout.TitleLineCharacters + 10);
        Assert.Equal(unbroken, FigureLayout.WrapTitle(unbroken));

        var figure = new JsonObject
        {
            ["data"] = new JsonArray(),
            ["layout"] = new JsonObject { ["title"] = new JsonObject { ["text"] = $"{half} b {half} c" } },
        };
        var layout = JsonNode.Parse(FigureLayout.Apply(figure.ToJsonString()).Json)!["layout"]!;
        Assert.Contains("<br>", (string)layout["title"]!["text"]!);
    }
}
