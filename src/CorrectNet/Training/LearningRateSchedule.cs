namespace CorrectNet.Training;

/// <summary>The learning rate of each epoch, a pure function of the config so a resumed run continues
/// exactly.</summary>
public static class LearningRateSchedule
{
    /// <summary>The rate for zero-based <paramref name="epoch"/>.</summary>
    public static double At(TrainingConfig config, int epoch) => config.Schedule switch
    {
        ScheduleKind.Constant => config.LearningRate,
        ScheduleKind.Cosine => config.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / config.Epochs)),
        ScheduleKind.Step => config.LearningRate * Math.Pow(config.StepGamma, epoch / config.StepEpochs),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Schedule, "Unknown schedule."),
    };
}
