namespace CorrectNet.Crossbar;

/// <summary>The independent random streams of a chip's layer.</summary>
public enum ChipStream
{
    /// <summary>Static device deviations and stuck-at faults, drawn once per chip.</summary>
    Devices = 1,
    /// <summary>Read noise, drawn at every forward pass.</summary>
    ReadNoise = 2,
    /// <summary>ADC noise, drawn at every conversion.</summary>
    AdcNoise = 3,
}
