using CorrectNet.Experiments.Recipes;
using CorrectNet.Tests.Training;
using CorrectNet.Training;

namespace CorrectNet.Tests.Experiments.Recipes;

// docs/method.md F5c: which trainings fine-tune which, and for how long.
public sealed class SuppressionMethodsTests
{
    private static readonly TrainingSetup Plain = TrainingTestData.Setup(epochs: 10);

    [Fact]
    public void WithFineTuningTheVariationAwareMethodsStartFromTheSameRecipeWithoutChips()
    {
        var enhanced = SuppressionMethods.Apply(Plain, SuppressionMethods.Enhanced, beta: 0.01, sigma: 0.5);
        foreach (var (method, start) in new[]
        {
            (SuppressionMethods.VariationAware, Plain),
            (SuppressionMethods.EnhancedVariationAware, enhanced),
        })
        {
            var setup = SuppressionMethods.Apply(Plain, method, beta: 0.01, sigma: 0.5, fineTuneEpochs: 2);

            Assert.Equal(start, setup.Start);
            Assert.Equal(2, setup.Training.Epochs);
            Assert.NotNull(setup.Training.VariationAware);
            Assert.Equal(SuppressionMethods.Apply(Plain, method, 0.01, 0.5).Training with { Epochs = 2 },
                setup.Training);
        }
    }

    [Fact]
    public void MethodsWithoutChipsTrainFromScratchWhateverTheFineTuning()
    {
        foreach (string method in new[]
            { SuppressionMethods.Plain, SuppressionMethods.Parseval, SuppressionMethods.Enhanced })
            Assert.Equal(SuppressionMethods.Apply(Plain, method, 0.01, 0.5),
                SuppressionMethods.Apply(Plain, method, 0.01, 0.5, fineTuneEpochs: 2));
        foreach (string method in SuppressionMethods.All)
        {
            var setup = SuppressionMethods.Apply(Plain, method, 0.01, 0.5);
            Assert.Null(setup.Start);
            Assert.Equal(10, setup.Training.Epochs);
        }
    }
}
