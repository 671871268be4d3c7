namespace CorrectNet.Training;

/// <summary>One finished epoch. Accuracies are fractions in [0, 1]; seconds are wall-clock.</summary>
public sealed record EpochRecord(int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, double TestAccuracy, double Seconds);
