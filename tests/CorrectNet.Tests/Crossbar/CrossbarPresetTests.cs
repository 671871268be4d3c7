using CorrectNet.Crossbar;

namespace CorrectNet.Tests.Crossbar;

/// <summary>The preset table: each name builds its configuration, lookups fold case, unknown names list all.</summary>
public sealed class CrossbarPresetTests
{
    [Fact]
    public void EveryListedPresetBuildsItsConfiguration()
    {
        Assert.Equal(["ideal", "lognormal", "rram"], CrossbarConfig.PresetNames);
        Assert.Equal(CrossbarConfig.Ideal, CrossbarConfig.Preset(CrossbarConfig.IdealPreset, 0.4));
        Assert.Equal(CrossbarConfig.Lognormal(0.4), CrossbarConfig.Preset(CrossbarConfig.LognormalPreset, 0.4));
        Assert.Equal(CrossbarConfig.Rram(0.4), CrossbarConfig.Preset(CrossbarConfig.RramPreset, 0.4));
    }

    [Fact]
    public void NamesAreTrimmedAndCaseFolded() =>
        Assert.Equal(CrossbarConfig.Rram(0.3), CrossbarConfig.Preset("  RRAM ", 0.3));

    [Fact]
    public void AnUnknownPresetListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => CrossbarConfig.Preset("pcm", 0.5));
        foreach (string name in CrossbarConfig.PresetNames) Assert.Contains(name, error.Message);
    }
}
