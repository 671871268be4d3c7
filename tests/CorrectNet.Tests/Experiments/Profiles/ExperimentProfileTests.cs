using CorrectNet.Experiments.Profiles;
using CorrectNet.Placement;
using Xunit.Abstractions;

namespace CorrectNet.Tests.Experiments.Profiles;

/// <summary>Tests that set process-wide environment variables; never run in parallel with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentVariableCollection
{
    public const string Name = "Process environment variables";
}

public sealed class ExperimentProfileTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("quick", "quick")]
    [InlineData("QUICK", "quick")]
    [InlineData("Default", "default")]
    [InlineData(" paper ", "paper")]
    public void ResolvesNamesIgnoringCase(string name, string expected)
    {
        Assert.Equal(expected, ExperimentProfile.Resolve(name).Name);
    }

    [Fact]
    public void ResolvedProfilesAreThePresets()
    {
        Assert.Same(ExperimentProfile.Quick, ExperimentProfile.Resolve("quick"));
        Assert.Same(ExperimentProfile.Default, ExperimentProfile.Resolve("default"));
        Assert.Same(ExperimentProfile.Paper, ExperimentProfile.Resolve("paper"));
        Assert.Equal(["quick", "default", "paper"], ExperimentProfile.All.Select(p => p.Name));
    }

    [Fact]
    public void ANetworksHighestSigmaCapsItsGrid()
    {
        var profile = ExperimentProfile.Default;
        Assert.Equal(1.0, profile.MonteCarlo.HighestSigmaFor("lenet5"));
        Assert.Equal(0.7, profile.MonteCarlo.HighestSigmaFor(" VGG16 "));
        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], profile.MonteCarlo.SigmasFor("vgg16"));
        Assert.Equal(profile.MonteCarlo.Sigmas, profile.MonteCarlo.SigmasFor("lenet5"));
        // An entry above the grid does not extend it.
        var coarse = profile with { MonteCarlo = profile.MonteCarlo with { Sigmas = [0, 0.5] } };
        Assert.Equal(0.5, coarse.MonteCarlo.HighestSigmaFor("vgg16"));
        Assert.Equal([0, 0.5], coarse.MonteCarlo.SigmasFor("vgg16"));
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ExperimentProfile.Resolve("fast"));

        Assert.Contains("'fast'", e.Message);
        Assert.Contains("the profile parameter", e.Message);
        Assert.Contains("quick, default, paper", e.Message);
    }

    [Fact]
    public void EachDescriptionIsItsPurposeThenItsSettings()
    {
        foreach (var profile in ExperimentProfile.All)
        {
            output.WriteLine($"{profile.Name}: {profile.Description}");
            // The hand-written part carries no numbers; every number comes from a setting.
            Assert.DoesNotMatch("[0-9]", profile.Purpose);
            Assert.StartsWith(profile.Purpose + ": ", profile.Description);
            Assert.Contains($"{profile.Training.Epochs} epochs", profile.Description);
            Assert.Contains($"pipeline: {profile.Pipeline.Chips} chips on ", profile.Description);
        }
    }

    [Fact]
    public void TheDescriptionFollowsTheValues()
    {
        var quick = ExperimentProfile.Quick;
        Assert.Contains("the first 4000 training and the first 1000 test images, 3 epochs", quick.Description);
        Assert.Contains("VGG ×0.25 for 2 epochs at learning rate 0.02, variation-aware methods fine-tuned: 1 epoch;",
            quick.Description);
        Assert.Contains("sweeps: σ ∈ {0, 0.5, 1}, 5 chips on 500 test images", quick.Description);
        Assert.Contains("crossbar mode: 2 chips on 200 test images for LeNet-5;", quick.Description);
        Assert.Contains("placement searches: 3 chips on 300 test images per placement, scored by weight sharing;",
            quick.Description);
        Assert.Contains("pipeline: 3 chips on 300 test images for LeNet-5 on fashion-mnist", quick.Description);

        var changed = quick with
        {
            Training = quick.Training with
            {
                MaxTest = 400,
                Epochs = 7,
                VggLearningRate = null,
                FineTuneEpochs = null,
                VggFineTuneEpochs = 2,
            },
            MonteCarlo = quick.MonteCarlo with
            {
                Sigmas = [0, 0.25],
                FloatChips = 1,
                FloatMaxTest = null,
                CrossbarModels = ["lenet5", "vgg11", "vgg16"],
                HighestSigmaByModel = new Dictionary<string, double> { ["vgg16"] = 0.1 },
            },
            Placement = quick.Placement with { Scoring = PlacementScoring.PerPlacement, SearchChips = 2 },
            Pipeline = quick.Pipeline with { Networks = ["lenet5/mnist", "vgg16/cifar10", "vgg11/mnist"] },
        };
        Assert.Contains("the first 4000 training and the first 400 test images", changed.Description);
        Assert.Contains("7 epochs, VGG ×0.25 for 2 epochs, variation-aware methods fine-tuned: none (from scratch), " +
            "VGG 2 epochs;", changed.Description);
        Assert.DoesNotContain("fine-tuned", (changed with
        {
            Training = changed.Training with { VggFineTuneEpochs = null },
        }).Description);
        Assert.Contains("sweeps: σ ∈ {0, 0.25}, 1 chip on 400 test images", changed.Description);
        Assert.Contains("for LeNet-5, VGG-11 and VGG-16;", changed.Description);
        Assert.Contains("placement searches: 2 chips on 300 test images per placement, each trained;",
            changed.Description);
        Assert.Contains("for LeNet-5 and VGG-11 on mnist, VGG-16 on cifar10;", changed.Description);
        Assert.EndsWith("methods compared up to σ = 0.1 for VGG-16", changed.Description);
    }

    [Fact]
    public void AnEvenGridReadsAsARange()
    {
        var profile = ExperimentProfile.Default;
        Assert.Contains("all training and test images, 10 epochs, VGG ×0.25 for 4 epochs, variation-aware methods " +
            "fine-tuned: none (from scratch), VGG 2 epochs;", profile.Description);
        Assert.Contains("sweeps: σ = 0…1 in steps of 0.1, 25 chips on 500 test images", profile.Description);
        Assert.EndsWith("methods compared up to σ = 0.7 for VGG-11 and VGG-16", profile.Description);
        Assert.Contains("full-width VGG", ExperimentProfile.Paper.Description);
        Assert.Contains("100 chips on all test images for", ExperimentProfile.Paper.Description);
    }

    [Fact]
    public void QuickProfileIsSmall()
    {
        var quick = ExperimentProfile.Quick;

        Assert.True(quick.Training.MaxTrain is > 0 and <= 10_000);
        Assert.True(quick.Training.MaxTest > 0 && quick.Training.MaxTest <= quick.Training.MaxTrain);
        Assert.True(quick.Training.Epochs < ExperimentProfile.Default.Training.Epochs);
        Assert.True(quick.MonteCarlo.FloatChips < ExperimentProfile.Default.MonteCarlo.FloatChips);
    }

    [Fact]
    public void ThePresetsAreValid()
    {
        foreach (var profile in ExperimentProfile.All)
        {
            profile.Training.Validate();
            profile.MonteCarlo.Validate();
            profile.Placement.Validate();
            profile.Quantization.Validate();
            profile.Pipeline.Validate();
        }
    }

    [Fact]
    public void ABudgetOutOfRangeIsRefusedNamingTheSettingAndItsValue()
    {
        var quick = ExperimentProfile.Quick;
        (Func<ExperimentProfile> Make, string Setting, string Value)[] cases =
        [
            (() => quick with { Training = quick.Training with { Epochs = 0 } }, "Training.Epochs", "= 0"),
            (() => quick with { Training = quick.Training with { MaxTest = 0 } }, "Training.MaxTest", "= 0"),
            (() => quick with { MonteCarlo = quick.MonteCarlo with { Sigmas = [0, -0.5] } }, "MonteCarlo.Sigmas",
                "= -0.5"),
            (() => quick with { MonteCarlo = quick.MonteCarlo with { FloatChips = 0 } }, "MonteCarlo.FloatChips",
                "= 0"),
            (() => quick with { Placement = quick.Placement with { Episodes = 0 } }, "Placement.Episodes", "= 0"),
            (() => quick with { Quantization = quick.Quantization with { UnseenChips = -1 } },
                "Quantization.UnseenChips", "= -1"),
            (() => quick with { Pipeline = quick.Pipeline with { Chips = 0 } }, "Pipeline.Chips", "= 0"),
            (() => quick with { Pipeline = quick.Pipeline with { Networks = ["lenet5"] } }, "Pipeline.Networks",
                "'lenet5'"),
        ];
        foreach (var (make, setting, value) in cases)
        {
            var e = Assert.ThrowsAny<ArgumentException>(make);
            Assert.Contains(setting, e.Message);
            Assert.Contains(value, e.Message);
        }
    }
}

[Collection(EnvironmentVariableCollection.Name)]
public sealed class ExperimentProfileEnvironmentTests
{
    /// <summary>Sets CORRECTNET_PROFILE for the test's duration and restores the previous value on dispose.</summary>
    private sealed class ProfileVariable : IDisposable
    {
        private readonly string? _previous = Environment.GetEnvironmentVariable(ExperimentProfile.EnvironmentVariable);

        public ProfileVariable(string? value) =>
            Environment.SetEnvironmentVariable(ExperimentProfile.EnvironmentVariable, value);

        public void Dispose() => Environment.SetEnvironmentVariable(ExperimentProfile.EnvironmentVariable, _previous);
    }

    [Theory]
    [InlineData("quick", "quick")]
    [InlineData("Paper", "paper")]
    [InlineData(null, "default")]
    [InlineData("", "default")]
    [InlineData("   ", "default")]
    public void UsesTheEnvironmentVariableWhenNoNameIsGiven(string? value, string expected)
    {
        using var _ = new ProfileVariable(value);

        Assert.Equal(expected, ExperimentProfile.Resolve().Name);
        Assert.Equal(expected, ExperimentProfile.Resolve(null).Name);
    }

    [Fact]
    public void AnExplicitNameOverridesTheEnvironmentVariable()
    {
        using var _ = new ProfileVariable("paper");

        Assert.Same(ExperimentProfile.Quick, ExperimentProfile.Resolve("quick"));
    }

    [Fact]
    public void UnknownEnvironmentValueNamesTheVariable()
    {
        using var _ = new ProfileVariable("turbo");

        var e = Assert.Throws<ArgumentException>(() => ExperimentProfile.Resolve());

        Assert.Contains("'turbo'", e.Message);
        Assert.Contains(ExperimentProfile.EnvironmentVariable, e.Message);
        Assert.Contains("quick, default, paper", e.Message);
    }

    [Fact]
    public void TheVariableIsRestored()
    {
        string? before = Environment.GetEnvironmentVariable(ExperimentProfile.EnvironmentVariable);
        using (new ProfileVariable("quick"))
        {
            Assert.Equal("quick", Environment.GetEnvironmentVariable(ExperimentProfile.EnvironmentVariable));
        }

        Assert.Equal(before, Environment.GetEnvironmentVariable(ExperimentProfile.EnvironmentVariable));
    }
}
