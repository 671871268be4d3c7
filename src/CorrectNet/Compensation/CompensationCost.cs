using CorrectNet.Models;

namespace CorrectNet.Compensation;

/// <summary>
/// Hardware cost of a set of compensation units against the base network (docs/method.md F29). Per unit on a layer with
/// C output channels, width r and P output positions (H·W, 1 for a linear layer): parameters 2·C·r + r + C, MACs
/// 2·C·r·P per image, storage = parameters × <see cref="StorageBitsPerParameter"/>. The base network counts the
/// parameters and MACs of its Conv2d/Linear layers (F7) and stores each parameter in <see cref="BaseBitsPerParameter"/>
/// bits. Percentages are 100 × extra / base.
/// </summary>
public sealed record CompensationCost(
    int Units,
    long Parameters,
    long Macs,
    long StorageBits,
    long BaseParameters,
    long BaseMacs,
    long BaseStorageBits,
    int StorageBitsPerParameter,
    int BaseBitsPerParameter)
{
    /// <summary>Extra parameters in % of the base network's.</summary>
    public double ParametersPercent => Percent(Parameters, BaseParameters);
    /// <summary>Extra MACs per image in % of the base network's.</summary>
    public double MacsPercent => Percent(Macs, BaseMacs);
    /// <summary>Extra digital storage in % of the base network's weight storage.</summary>
    public double StoragePercent => Percent(StorageBits, BaseStorageBits);

    /// <summary>Cost of <paramref name="units"/> (width null = F27's default) on the layers of <paramref
    /// name="baseProfiles"/>.</summary>
    /// <param name="baseProfiles">Every Conv2d/Linear layer of the base model (<see
    /// cref="LayerProfiler.Profile"/>).</param>
    /// <param name="units">The units; every layer must be in <paramref name="baseProfiles"/>.</param>
    /// <param name="storageBitsPerParameter">Bits of one unit parameter in digital memory (32 = float32, as trained)
    /// [ours].</param>
    /// <param name="baseBitsPerParameter">Bits of one base parameter (32 in float mode; the weight bits b_w on
    /// crossbars).</param>
    public static CompensationCost Of(
        IReadOnlyList<LayerProfile> baseProfiles,
        IEnumerable<CompensationSpec> units,
        int storageBitsPerParameter = 32,
        int baseBitsPerParameter = 32)
    {
        if (storageBitsPerParameter < 1)
            throw new ArgumentOutOfRangeException(nameof(storageBitsPerParameter), storageBitsPerParameter,
                "At least 1 bit.");
        if (baseBitsPerParameter < 1)
            throw new ArgumentOutOfRangeException(nameof(baseBitsPerParameter), baseBitsPerParameter,
                "At least 1 bit.");
        var byName = baseProfiles.ToDictionary(p => p.Name);
        long parameters = 0, macs = 0;
        int count = 0;
        foreach (var unit in units)
        {
            if (!byName.TryGetValue(unit.Layer, out var layer))
                throw new ArgumentException($"Unknown layer '{unit.Layer}'; known: {string.Join(", ", byName.Keys)}.",
                    nameof(units));
            long c = layer.OutChannels;
            int r = unit.Width ?? CompensationUnit.DefaultWidth(c);
            parameters += CompensationUnit.ParameterCount(c, r);
            macs += CompensationUnit.MacCount(c, r, layer.OutputPositions);
            count++;
        }
        long baseParameters = baseProfiles.Sum(p => p.Parameters);
        return new CompensationCost(count, parameters, macs, parameters * storageBitsPerParameter,
            baseParameters, baseProfiles.Sum(p => p.Macs), baseParameters * baseBitsPerParameter,
            storageBitsPerParameter, baseBitsPerParameter);
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
