namespace CorrectNet.Data;

/// <summary>
/// Undecoded 8-bit images as read from disk: <see cref="Pixels"/> is laid out N×C×H×W (row-major, channel planes),
/// so pixel (n, c, y, x) is at ((n·C + c)·H + y)·W + x; 0 is black, 255 is full intensity.
/// </summary>
public sealed record RawImages(byte[] Pixels, int Count, int Channels, int Height, int Width)
{
    /// <summary>Bytes per image: C·H·W.</summary>
    public int ImageBytes => Channels * Height * Width;
}
