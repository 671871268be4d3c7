using CorrectNet.Models;
using Microsoft.Data.Analysis;

namespace CorrectNet.Notebooks;

/// <summary>Tables about a model's analog layers.</summary>
public static class LayerTables
{
    public static DataFrame Profile(IReadOnlyList<LayerProfile> layers) => new(
        new StringDataFrameColumn("layer", layers.Select(l => l.Name)),
        new StringDataFrameColumn("kind", layers.Select(l => l.Kind)),
        new Int64DataFrameColumn("in", layers.Select(l => l.InChannels)),
        new Int64DataFrameColumn("out", layers.Select(l => l.OutChannels)),
        new StringDataFrameColumn("kernel", layers.Select(l => $"{l.KernelHeight}×{l.KernelWidth}")),
        new Int64DataFrameColumn("crossbar_rows", layers.Select(l => l.WeightRows)),
        new Int64DataFrameColumn("parameters", layers.Select(l => l.Parameters)),
        new Int64DataFrameColumn("macs", layers.Select(l => l.Macs)));
}
