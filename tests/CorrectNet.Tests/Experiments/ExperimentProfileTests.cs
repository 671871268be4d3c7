using CorrectNet.Experiments;

namespace CorrectNet.Tests.Experiments;

/// <summary>Tests that set process-wide environment variables; never run in parallel with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentVariableCollection
{
    public const string Name = "Process environment variables";
}

public sealed class ExperimentProfileTests
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
        Assert.Equal(1.0, profile.HighestSigmaFor("lenet5"));
        Assert.Equal(0.7, profile.HighestSigmaFor(" VGG16 "));
        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], profile.SigmasFor("vgg16"));
        Assert.Equal(profile.Sigmas, profile.SigmasFor("lenet5"));
        // An entry above the grid does not extend it.
        var coarse = profile with { Sigmas = [0, 0.5] };
        Assert.Equal(0.5, coarse.HighestSigmaFor("vgg16"));
        Assert.Equal([0, 0.5], coarse.SigmasFor("vgg16"));
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
    public void QuickProfileIsSmall()
    {
        var quick = ExperimentProfile.Quick;

        Assert.True(quick.MaxTrain is > 0 and <= 10_000);
        Assert.True(quick.MaxTest > 0 && quick.MaxTest <= quick.MaxTrain);
        Assert.True(quick.Epochs < ExperimentProfile.Default.Epochs);
        Assert.True(quick.Chips < ExperimentProfile.Default.Chips);
    }
}

[Collection(EnvironmentVariableCollection.Name)]
public sealed class ExperimentProfileEnvironmentTests
{
    /// <summary>Sets CORRECTNET_PROFILE for the test's duration and restores the previous value on dispose.</summary>
    private sealed class ProfileVariable : IDisposable
    {
        private readonly string? _previous = Environment.GetEnvironmentVariable(ExperimentProfile.EnvironmentVariable);

        public ProfileVariable(string? value) => Environment.SetEnvironmentVariable(ExperimentProfile.EnvironmentVariable, value);

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
