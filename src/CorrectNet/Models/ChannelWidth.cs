namespace CorrectNet.Models;

/// <summary>Width scaling and the checks every model applies to its <see cref="ModelSpec"/>.</summary>
internal static class ChannelWidth
{
    /// <summary>max(1, round(width·multiplier)), half away from zero.</summary>
    public static int Scale(int width, double multiplier) =>
        Math.Max(1, (int)Math.Round(width * multiplier, MidpointRounding.AwayFromZero));

    public static void Validate(ModelSpec spec, int minimumImageSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.InChannels < 1)
            throw new ArgumentException($"InChannels must be at least 1, got {spec.InChannels}.", nameof(spec));
        if (spec.Classes < 1)
            throw new ArgumentException($"Classes must be at least 1, got {spec.Classes}.", nameof(spec));
        if (!double.IsFinite(spec.WidthMultiplier) || spec.WidthMultiplier <= 0)
            throw new ArgumentException(
                $"WidthMultiplier must be a positive finite number, got {spec.WidthMultiplier}.", nameof(spec));
        if (spec.ImageSize < minimumImageSize)
            throw new ArgumentException(
                $"Model '{spec.Name}' needs images of at least {minimumImageSize}×{minimumImageSize}, " +
                $"got {spec.ImageSize}×{spec.ImageSize}.",
                nameof(spec));
    }
}
