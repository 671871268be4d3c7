namespace CorrectNet.Training;

/// <summary>The training loss became NaN or infinite; nothing of the run is cached. The message says where and what to
/// lower.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
