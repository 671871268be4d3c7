using CorrectNet.Training;

namespace CorrectNet.Tests.Training;

public sealed class TrainingConfigTests
{
    private static TrainingConfig Bad(string change) => change switch
    {
        "epochs 0" => new TrainingConfig { Epochs = 0 },
        "batch size 0" => new TrainingConfig { BatchSize = 0 },
        "lr 0" => new TrainingConfig { LearningRate = 0 },
        "lr negative" => new TrainingConfig { LearningRate = -0.1 },
        "lr NaN" => new TrainingConfig { LearningRate = double.NaN },
        "lr infinite" => new TrainingConfig { LearningRate = double.PositiveInfinity },
        "momentum 1" => new TrainingConfig { Momentum = 1 },
        "momentum negative" => new TrainingConfig { Momentum = -0.1 },
        "weight decay negative" => new TrainingConfig { WeightDecay = -1e-4 },
        "weight decay NaN" => new TrainingConfig { WeightDecay = double.NaN },
        "step epochs 0" => new TrainingConfig { StepEpochs = 0 },
        "step gamma 0" => new TrainingConfig { StepGamma = 0 },
        "step gamma above 1" => new TrainingConfig { StepGamma = 1.5 },
        _ => throw new ArgumentException(change),
    };

    [Theory]
    [InlineData("epochs 0", nameof(TrainingConfig.Epochs))]
    [InlineData("batch size 0", nameof(TrainingConfig.BatchSize))]
    [InlineData("lr 0", nameof(TrainingConfig.LearningRate))]
    [InlineData("lr negative", nameof(TrainingConfig.LearningRate))]
    [InlineData("lr NaN", nameof(TrainingConfig.LearningRate))]
    [InlineData("lr infinite", nameof(TrainingConfig.LearningRate))]
    [InlineData("momentum 1", nameof(TrainingConfig.Momentum))]
    [InlineData("momentum negative", nameof(TrainingConfig.Momentum))]
    [InlineData("weight decay negative", nameof(TrainingConfig.WeightDecay))]
    [InlineData("weight decay NaN", nameof(TrainingConfig.WeightDecay))]
    [InlineData("step epochs 0", nameof(TrainingConfig.StepEpochs))]
    [InlineData("step gamma 0", nameof(TrainingConfig.StepGamma))]
    [InlineData("step gamma above 1", nameof(TrainingConfig.StepGamma))]
    public void EachBadFieldThrowsNamingTheField(string change, string field)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Bad(change).Validate());

        Assert.Equal(field, e.ParamName);
        Assert.Contains($"TrainingConfig.{field}", e.Message);
    }

    [Fact]
    public void ValidConfigReturnsItself()
    {
        var config = new TrainingConfig { Epochs = 1, BatchSize = 1, Momentum = 0, WeightDecay = 0, StepGamma = 1 };

        Assert.Same(config, config.Validate());
    }

    [Fact]
    public void TrainerRejectsAnInvalidConfig()
    {
        var setup = TrainingTestData.Setup() with { Training = new TrainingConfig { BatchSize = 0 } };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(setup));
        Assert.Equal(nameof(TrainingConfig.BatchSize), e.ParamName);
    }
}
