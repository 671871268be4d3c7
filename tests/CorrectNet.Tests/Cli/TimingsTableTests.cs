using CorrectNet.Cli;
using CorrectNet.Tests.Training;

namespace CorrectNet.Tests.Cli;

/// <summary>reproduce's table of minutes per notebook and stage (docs/method.md F40), as CSV, markdown and files.
/// </summary>
public sealed class TimingsTableTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly TimingsTable Table = new(
    [
        new TimingsRow("01-suppression", true, 600, new StageSeconds(300, 120, 0, 60)),
        new TimingsRow("02-knobs", false, 90, null), // no kernel record
        new TimingsRow("04-placement", true, 1200, new StageSeconds(0, 30, 90, 1140)),
    ]);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void CsvHasMinutesPerStageOtherAsTheRestAndATotalRow()
    {
        Assert.Equal(
            "notebook,result,wall_min,training_min,monte_carlo_min,units_min,searches_min,other_min\n" +
            "01-suppression,ok,10.00,5.00,2.00,0.00,1.00,2.00\n" +
            "02-knobs,failed,1.50,,,,,\n" +
            "04-placement,ok,20.00,0.00,0.50,1.50,19.00,0.00\n" + // stages above the wall: other is 0, not < 0
            "total,2/3 ok,31.50,5.00,2.50,1.50,20.00,2.00\n",
            Table.ToCsv());
    }

    [Fact]
    public void MarkdownSaysWhatTheNumbersAreAndBoldsTheTotal()
    {
        string page = Table.ToMarkdown("default", new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

        Assert.Contains("`./correctnet reproduce --profile default`, finished 2026-12-07 12:00 UTC.", page);
        Assert.Contains("| notebook | result | wall | training | monte-carlo | units | searches | other |\n" +
                        "|---|---|---:|---:|---:|---:|---:|---:|\n" +
                        "| 01-suppression | ok | 10.0 | 5.0 | 2.0 | 0.0 | 1.0 | 2.0 |\n" +
                        "| 02-knobs | failed | 1.5 |  |  |  |  |  |\n", page.ReplaceLineEndings("\n"));
        Assert.Contains("| **total** | **2/3 ok** | **31.5** | **5.0** | **2.5** | **1.5** | **20.0** | **2.0** |",
            page);
    }

    [Fact]
    public void WriteLeavesTheCsvAndTheMarkdownInTheOutputFolder()
    {
        var (csv, markdown) = Table.Write(_folder.Path, "quick", DateTimeOffset.UnixEpoch);

        Assert.Equal(Table.ToCsv(), File.ReadAllText(csv));
        Assert.Equal(["timings.csv", "timings.md"], _folder.Files());
        Assert.StartsWith("# Time per notebook and stage", File.ReadAllText(markdown));
    }

    [Fact]
    public void WithoutAnyRecordTheStageColumnsOfTheTotalAreEmpty()
    {
        var table = new TimingsTable([new TimingsRow("00-tour", true, 30, null)]);

        Assert.EndsWith("total,1/1 ok,0.50,,,,,\n", table.ToCsv());
    }
}
