using CorrectNet.Data;
using CorrectNet.Models;
using CorrectNet.Training;

namespace CorrectNet.Tests.Experiments;

public sealed class JsonFormatTests
{
    private static TrainingSetup Setup() =>
        new(new ModelSpec("mlp"), "fashion-mnist", new DatasetOptions(MaxTrain: 100), new TrainingConfig());

    [Fact]
    public void EqualValuesHaveNoDifferences()
    {
        Assert.Empty(JsonFormat.Differences(Setup(), Setup()));
    }

    [Fact]
    public void DifferencesListNestedPathsWithBothValues()
    {
        var changed = Setup() with
        {
            Model = new ModelSpec("lenet5", BatchNorm: false),
            Data = new DatasetOptions(MaxTrain: null, MaxTest: 5),
            Training = new TrainingConfig { LearningRate = 0.1, Schedule = ScheduleKind.Step },
        };

        var differences = JsonFormat.Differences(Setup(), changed);

        Assert.Equal(
            [
                "model.name: \"mlp\" → \"lenet5\"",
                "model.batch_norm: true → false",
                "data.max_train: 100 → null",
                "data.max_test: null → 5",
                "training.learning_rate: 0.05 → 0.1",
                "training.schedule: \"cosine\" → \"step\"",
            ],
            differences);
    }

    [Fact]
    public void SerializesSnakeCaseWithEnumNamesAndRoundTrips()
    {
        var setup = Setup() with
        {
            Training = new TrainingConfig
            {
                Optimizer = OptimizerKind.Adam,
                LearningRate = 1.0 / 3
            }
        };

        string json = JsonFormat.Serialize(setup);

        Assert.Contains("\"learning_rate\":0.3333333333333333", json);
        Assert.Contains("\"optimizer\":\"adam\"", json);
        Assert.Equal(setup, JsonFormat.Deserialize<TrainingSetup>(json, "test"));
    }

    [Fact]
    public void NullJsonIsInvalidDataNamingTheSource()
    {
        var e = Assert.Throws<InvalidDataException>(() => JsonFormat.Deserialize<TrainingSetup>("null",
            "/x/header.json"));
        Assert.Contains("/x/header.json", e.Message);
    }
}
