using CorrectNet.Models;
using CorrectNet.Quantization;

namespace CorrectNet.Tests.Quantization;

/// <summary>
/// A synthetic search problem: four layers of different sizes and an accuracy function that falls when a layer's
/// ADC bits go below its own need or its weights get too few bits, with a deterministic ±0.4-point jitter per setting
/// (like chip noise), so it is neither smooth nor monotone.
/// </summary>
internal static class SyntheticProblem
{
    public static IReadOnlyList<LayerProfile> Profiles { get; } =
    [
        Profile("c1", 16, 1, 9, 24 * 24),
        Profile("c2", 32, 16, 9, 10 * 10),
        Profile("f1", 120, 800, 1, 1),
        Profile("f2", 10, 120, 1, 1),
    ];

    private static readonly Dictionary<string, int> AdcNeed = new() { ["c1"] = 9, ["c2"] = 7, ["f1"] = 6, ["f2"] = 11 };

    public static QuantizationCostModel Costs { get; } = new(Profiles, rows: 128);

    public static double Accuracy(QuantizationSetting setting, int jitterSeed = 0, bool jitter = true)
    {
        double accuracy = 0.90;
        foreach (var layer in setting.Layers)
        {
            int short_ = Math.Max(0, AdcNeed[layer.Layer] - layer.AdcBits);
            accuracy -= 0.004 * short_ * short_;
            accuracy -= layer.WeightBits < 5 ? 0.03 * (5 - layer.WeightBits) : 0;
            accuracy -= layer.BitsPerCell > 3 ? 0.002 : 0;
        }
        if (!jitter) return Math.Clamp(accuracy, 0, 1);
        uint hash = 2166136261;
        foreach (char c in setting.Key + jitterSeed) hash = (hash ^ c) * 16777619;
        return Math.Clamp(accuracy + (hash % 1000 / 999.0 - 0.5) * 0.008, 0, 1);
    }

    public static SearchObjectives Objectives(double maxDrop = 0.01, int jitterSeed = 0) =>
        new(Costs.Reference(), new SettingEvaluator(s => Accuracy(s, jitterSeed)), Costs.TotalPicojoules, maxDrop);

    private static LayerProfile Profile(string name, long outChannels, long inChannels, int kernel, long positions)
    {
        int side = kernel == 9 ? 3 : 1;
        long rows = inChannels * kernel;
        return new LayerProfile(
            name,
            kernel == 9 ? LayerProfile.Conv2dKind : LayerProfile.LinearKind,
            inChannels,
            outChannels,
            side,
            side,
            positions,
            rows * outChannels + outChannels,
            positions * outChannels * rows,
            rows,
            (long)Math.Sqrt(positions),
            (long)Math.Sqrt(positions));
    }
}
