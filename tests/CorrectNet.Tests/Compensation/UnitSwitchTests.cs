using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Tests.Crossbar;
using CorrectNet.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Tests.Compensation;

/// <summary>Units switched on and off (weight sharing, docs/method.md F38): off is exactly the identity, and a unit
/// off during a training step is not updated by it.</summary>
[Collection(ModuleBuildingCollection.Name)]
public sealed class UnitSwitchTests
{
    private static readonly long[] InputShape = [1, TrainingTestData.Side, TrainingTestData.Side];

    [Fact]
    public void ASwitchedOffUnitIsExactlyTheIdentity()
    {
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 3);
        using var input = TrainingTestData.FixedInput(TrainingTestData.TinyMlp, count: 6);
        var plain = TrainingTestData.Outputs(model, input);
        var compensated = new CompensatedModel(model, [new("fc1"), new("fc2")], InputShape, seed: 5);
        try
        {
            // trained-looking units: non-zero up-projections change the output when they run
            using (no_grad())
                foreach (var (_, parameter) in compensated.named_parameters().Where(p => p.name.Contains(".up.")))
                    parameter.fill_(0.1);
            var both = TrainingTestData.Outputs(compensated, input);
            Assert.NotEqual(plain, both);

            compensated.ActiveUnits = new HashSet<string>();
            Assert.Equal(plain, TrainingTestData.Outputs(compensated, input)); // bit for bit

            compensated.ActiveUnits = new HashSet<string> { "fc2" };
            var fc2Only = TrainingTestData.Outputs(compensated, input);
            Assert.NotEqual(plain, fc2Only);
            Assert.NotEqual(both, fc2Only);

            compensated.ActiveUnits = null;
            Assert.Equal(both, TrainingTestData.Outputs(compensated, input));

            var error = Assert.Throws<ArgumentException>(() => compensated.ActiveUnits = new HashSet<string> { "fc3" });
            Assert.Contains("fc3", error.Message);
        }
        finally
        {
            compensated.DisposeUnits();
        }
    }

    [Fact]
    public void AUnitSwitchedOffInEveryStepKeepsItsWeights()
    {
        using var data = TrainingTestData.Synthetic(train: 128, test: 32);
        using var model = TrainingTestData.SeededModel(TrainingTestData.TinyMlp, seed: 21);
        var compensated = new CompensatedModel(model, [new("fc1", 4), new("fc2", 4)], InputShape, seed: 2);
        try
        {
            var fc2Before = TrainingTestData.Weights(compensated.UnitOf("fc2"));
            var fc1Before = TrainingTestData.Weights(compensated.UnitOf("fc1"));
            using var analog = AnalogConversion.ToAnalog(compensated, CrossbarConfig.Lognormal(1.0), InputShape);
            var training = new CompensationTrainingConfig { Steps = 12, BatchSize = 16, LearningRate = 0.01 };
            // fc1 runs on even steps only; fc2 never; odd steps run no unit at all (no update, no error)
            var result = CompensationTrainer.Train(compensated, analog, data.Train, training,
                activeUnits: step => step % 2 == 0 ? new HashSet<string> { "fc1" } : new HashSet<string>());

            Assert.Equal(12, result.Steps);
            Assert.Equal(fc2Before, TrainingTestData.Weights(compensated.UnitOf("fc2")));
            Assert.NotEqual(fc1Before["up.weight"], TrainingTestData.Weights(compensated.UnitOf("fc1"))["up.weight"]);
            Assert.Null(compensated.ActiveUnits); // restored
        }
        finally
        {
            compensated.DisposeUnits();
        }
    }
}
