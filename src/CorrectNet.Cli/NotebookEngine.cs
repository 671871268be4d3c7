namespace CorrectNet.Cli;

/// <summary>What executes the notebooks for `correctnet reproduce`.</summary>
internal enum NotebookEngine
{
    /// <summary>Jupyter when its nbconvert is installed, else the headless runner.</summary>
    Auto,

    /// <summary>
    /// Jupyter's nbconvert with the pinned .NET Interactive kernel: the engine VS Code's Polyglot Notebooks and
    /// Jupyter run, so what passes here passes there.
    /// </summary>
    Jupyter,

    /// <summary>
    /// The pinned dotnet-repl: needs nothing but .NET, but it loads other assemblies than the kernel does.
    /// </summary>
    Repl,
}
