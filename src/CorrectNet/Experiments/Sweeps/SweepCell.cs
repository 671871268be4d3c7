using System.Text;

namespace CorrectNet.Experiments.Sweeps;

/// <summary>
/// One unit of work of a sweep: train <see cref="Model"/> on <see cref="Dataset"/> by <see cref="Method"/> with
/// <see cref="Seed"/> (through the result cache), then evaluate it at every σ of <see cref="Sigmas"/> on the same
/// <see cref="Chips"/> chips of <see cref="ChipSeed"/>. Every setting is resolved (profile defaults filled in), so a
/// cell
/// says all that determines its numbers; <see cref="Index"/> is its place in the grid's canonical order
/// (<see cref="SweepGrid.Cells"/>) and is not part of what it computes.
/// </summary>
/// <remarks>
/// <para>Width: Channel width multiplier of the model (the profile's VGG width for VGG, else 1).</para>
/// <para>MaxTrain: Training images loaded: the first N (null = all).</para>
/// <para>MaxTest: Test images loaded (the trainer's per-epoch test accuracy): the first N (null = all).</para>
/// <para>EvaluationImages: Test images of the Monte-Carlo evaluation: the first N of those loaded (null = all
/// loaded).</para>
/// <para>Beta: β of the Lipschitz penalty (parseval, enhanced methods).</para>
/// <para>TrainSigma: σ that variation-aware training and the enhanced target λ(σ) are designed for.</para>
/// <para>Preset: Hardware preset of the evaluation (<see cref="Crossbar.CrossbarConfig.Preset"/>) at each σ.</para>
/// </remarks>
public sealed record SweepCell(
    int Index,
    string Model,
    string Dataset,
    string Method,
    long Seed,
    IReadOnlyList<double> Sigmas,
    string Profile,
    double Width,
    int Epochs,
    int? MaxTrain,
    int? MaxTest,
    int? EvaluationImages,
    int Chips,
    long ChipSeed,
    int CalibrationImages,
    double Beta,
    double TrainSigma,
    string Preset)
{
    /// <summary>"&lt;model&gt;_&lt;dataset&gt;_&lt;method&gt;_s&lt;seed&gt;" with the method reduced to [a-z0-9-]: the
    /// cell's file name under cells/.</summary>
    public string Id => $"{Slug(Model)}_{Slug(Dataset)}_{Slug(Method)}_s{Seed}";

    /// <summary>The cell without its place in the grid: what must match for a stored result to be reused.</summary>
    public SweepCell WithoutIndex() => this with { Index = -1 };

    /// <summary>Lower case; every run of characters other than a–z and 0–9 becomes one '-'.</summary>
    public static string Slug(string name)
    {
        var text = new StringBuilder();
        foreach (char c in name.Trim().ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') text.Append(c);
            else if (text.Length > 0 && text[^1] != '-') text.Append('-');
        }
        return text.ToString().TrimEnd('-');
    }
}
