using System.CommandLine;

namespace CorrectNet.Cli;

/// <summary>
/// correctnet gallery: copies the notebook sections of a run's results page into another page's folder (by default
/// the repository's docs/), replacing the same notebooks' sections and keeping the rest, and renders that page again.
/// </summary>
internal static class GalleryCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = "A results page's folder whose sections are copied " +
                          "(`reproduce --out DIR` writes DIR/gallery).",
            DefaultValueFactory = _ => Path.Combine("artifacts", "gallery"),
        };
        var into = new Option<string>("--into")
        {
            Description = "The page's folder that receives them (results.md and results/); the repository's page is " +
                          "docs/.",
            DefaultValueFactory = _ => "docs",
        };
        var command = new Command("gallery",
            "Update a results page (default docs/results.md) with the notebook sections of a run's page; the other " +
            "sections stay, each naming the run that made it.") { from, into };
        command.SetAction(parse =>
        {
            string source = Path.GetFullPath(parse.GetValue(from)!);
            string target = Path.GetFullPath(parse.GetValue(into)!);
            if (!Directory.Exists(source))
                throw new DirectoryNotFoundException($"--from {parse.GetValue(from)}: no such folder ({source}).");
            OutputCheck.Folder(target, "--into");
            var (page, copied) = ResultsGallery.Update(source, target);
            Console.WriteLine($"{page}: sections {string.Join(", ", copied)} from {source}");
            return 0;
        });
        return command;
    }
}
