namespace CorrectNet.Notebooks;

public enum ArtifactKind { Figure, Table }
