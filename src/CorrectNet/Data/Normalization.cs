namespace CorrectNet.Data;

/// <summary>
/// Per-channel normalization: a pixel byte p of channel c becomes (p/255 − Mean[c]) / Std[c],
/// so black (p = 0) becomes −Mean[c]/Std[c].
/// </summary>
public sealed record Normalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    public int Channels => Mean.Count;

    /// <summary>p/255 only: mean 0, std 1 for every channel.</summary>
    public static Normalization Identity(int channels) =>
        new(Enumerable.Repeat(0f, channels).ToArray(), Enumerable.Repeat(1f, channels).ToArray());

    /// <summary>The normalized value of a black pixel in channel c: −Mean[c]/Std[c].</summary>
    public float Black(int channel) => -Mean[channel] / Std[channel];

    internal void Validate(int channels)
    {
        if (Mean.Count != Std.Count)
        {
            throw new ArgumentException($"Normalization has {Mean.Count} means but {Std.Count} standard deviations.");
        }

        if (Mean.Count != channels)
        {
            throw new ArgumentException($"Normalization is for {Mean.Count} channel(s), the images have {channels}.");
        }

        if (Std.Any(s => !(s > 0) || float.IsInfinity(s)))
        {
            throw new ArgumentException("Every normalization standard deviation must be positive and finite.");
        }
    }
}
