namespace CorrectNet.Evaluation;

/// <summary>After each chip: how many are done, and that chip's accuracy.</summary>
public sealed record MonteCarloProgress(int Done, int Total, long ChipIndex, double Accuracy);
