namespace CorrectNet.Notebooks;

/// <summary>
/// One saved figure or table of a notebook: its name in the notebook and its file in the artifact folder.
/// </summary>
public sealed record ArtifactEntry(ArtifactKind Kind, string Name, string File);
