using CorrectNet.Training;

namespace CorrectNet.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void CosineStartsAtTheBaseRateAndHalvesAtMidpoint()
    {
        var config = new TrainingConfig { Epochs = 10, LearningRate = 0.1, Schedule = ScheduleKind.Cosine };

        Assert.Equal(0.1, LearningRateSchedule.At(config, 0), 15);
        Assert.Equal(0.05, LearningRateSchedule.At(config, 5), 15);
        Assert.Equal(0.0, LearningRateSchedule.At(config, 10), 15);
        // lr(e) = lr0 (1 + cos(π e / E)) / 2 at a non-special epoch.
        Assert.Equal(0.1 * (1 + Math.Cos(Math.PI * 3 / 10)) / 2, LearningRateSchedule.At(config, 3), 15);
    }

    [Fact]
    public void CosineDecreasesStrictlyAndIsSymmetricAroundTheMidpoint()
    {
        var config = new TrainingConfig { Epochs = 7, LearningRate = 0.3, Schedule = ScheduleKind.Cosine };
        double[] rates = Enumerable.Range(0, 8).Select(e => LearningRateSchedule.At(config, e)).ToArray();

        for (int e = 1; e < rates.Length; e++)
        {
            Assert.True(rates[e] < rates[e - 1], $"lr({e}) = {rates[e]} is not below lr({e - 1}) = {rates[e - 1]}");
        }

        for (int e = 0; e <= 7; e++)
        {
            Assert.Equal(0.3, rates[e] + rates[7 - e], 12); // lr(e) + lr(E − e) = lr0
        }
    }

    [Fact]
    public void StepDecaysByGammaEveryStepEpochs()
    {
        var config = new TrainingConfig
        {
            Epochs = 10,
            LearningRate = 0.8,
            Schedule = ScheduleKind.Step,
            StepEpochs = 3,
            StepGamma = 0.5,
        };
        double[] expected = [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1];

        for (int e = 0; e < expected.Length; e++)
        {
            Assert.Equal(expected[e], LearningRateSchedule.At(config, e), 15);
        }
    }

    [Fact]
    public void ConstantIsConstant()
    {
        var config = new TrainingConfig { Epochs = 5, LearningRate = 0.02, Schedule = ScheduleKind.Constant };

        Assert.All(Enumerable.Range(0, 5), e => Assert.Equal(0.02, LearningRateSchedule.At(config, e)));
    }

    [Fact]
    public void UnknownScheduleThrows()
    {
        var config = new TrainingConfig { Schedule = (ScheduleKind)42 };

        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.At(config, 0));
    }
}
