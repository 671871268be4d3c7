namespace CorrectNet.Models;

/// <summary>What <see cref="ModelZoo.Create"/> builds: a zoo name and the input it is built for.</summary>
/// <param name="Name">One of <see cref="ModelZoo.Names"/> (case-insensitive).</param>
/// <param name="InChannels">Input channels C of a C×H×W image.</param>
/// <param name="ImageSize">Height = width of the (square) input image, in pixels.</param>
/// <param name="Classes">Number of output logits.</param>
/// <param name="WidthMultiplier">Every hidden width w becomes max(1, round(w·multiplier)), rounding half away from
/// zero.</param>
/// <param name="BatchNorm">Insert BatchNorm after convolutions (VGG, ResNet-18 only; the MLP and LeNet-5 have
/// none).</param>
public sealed record ModelSpec(
    string Name,
    int InChannels = 1,
    int ImageSize = 28,
    int Classes = 10,
    double WidthMultiplier = 1.0,
    bool BatchNorm = true);
