using CorrectNet.Experiments.Recipes;
using CorrectNet.Tests.Training;
using CorrectNet.Training;

namespace CorrectNet.Tests.Experiments.Recipes;

// docs/method.md F5c: which trainings start from the plain model, and for how long.
public sealed class SuppressionMethodsTests
{
    private static readonly TrainingSetup Plain = TrainingTestData.Setup(epochs: 10);

    [Fact]
    public void WithFineTuningEveryMethodButPlainStartsFromThePlainSetupForThoseEpochs()
    {
        foreach (string method in SuppressionMethods.All.Where(m => m != SuppressionMethods.Plain))
        {
            var setup = SuppressionMethods.Apply(Plain, method, beta: 0.01, sigma: 0.5, fineTuneEpochs: 2);

            Assert.Equal(Plain, setup.Start);
            Assert.Equal(2, setup.Training.Epochs);
            Assert.Equal(SuppressionMethods.Apply(Plain, method, 0.01, 0.5).Training with { Epochs = 2 },
                setup.Training);
        }
    }

    [Fact]
    public void PlainIsThePlainSetupAndWithoutFineTuningNothingStartsFromIt()
    {
        Assert.Equal(Plain, SuppressionMethods.Apply(Plain, SuppressionMethods.Plain, 0.01, 0.5, fineTuneEpochs: 2));
        foreach (string method in SuppressionMethods.All)
        {
            var setup = SuppressionMethods.Apply(Plain, method, 0.01, 0.5);
            Assert.Null(setup.Start);
            Assert.Equal(10, setup.Training.Epochs);
        }
    }
}
