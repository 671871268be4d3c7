namespace CorrectNet.Tests;

/// <summary>
/// The one style rule the build cannot enforce: .editorconfig's max_line_length (the compiler's style analyzers
/// check formatting, braces and namespaces, not length).
/// </summary>
public sealed class StyleTests
{
    // Characters, not bytes or columns: σ, λ and Δ count one each.
    private const int MaxLineLength = 120;

    [Fact]
    public void NoSourceLineIsLongerThanTheEditorConfigLimit()
    {
        string root = RepositoryFolders.Root();
        Assert.Contains($"max_line_length = {MaxLineLength}", File.ReadAllText(Path.Combine(root, ".editorconfig")));
        var files = new[] { "src", "tests", "build" }
            .SelectMany(folder =>
                Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !RepositoryFolders.IsBuildOutput(Path.GetRelativePath(root, file)))
            .ToList();
        Assert.True(files.Count > 100, $"only {files.Count} C# files found under {root}");

        var tooLong = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(x => x.line.Length > MaxLineLength)
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.number} ({x.line.Length} characters)")
            .ToList();
        Assert.True(tooLong.Count == 0,
            $"{tooLong.Count} lines longer than {MaxLineLength} characters:\n" + string.Join("\n", tooLong.Take(50)));
    }
}
