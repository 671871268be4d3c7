namespace CorrectNet.Crossbar;

/// <summary>How a layer's ADC full-scale range is set from a calibration batch (variation-free partial sums).</summary>
public enum AdcCalibration
{
    /// <summary>The largest |partial sum| seen.</summary>
    Max,
    /// <summary>The given percentile of |partial sum|; larger values clip.</summary>
    Percentile,
}
