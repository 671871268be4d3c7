using CorrectNet.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// Turns any model built from Conv2d/Linear layers into its analog twin, without rewriting the model.
/// </summary>
public static class AnalogConversion
{
    /// <summary>
    /// Attaches crossbar simulation to every Conv2d/Linear layer of <paramref name="model"/> not listed in
    /// <see cref="CrossbarConfig.DigitalLayers"/>. <paramref name="inputShape"/> (C, H, W) fixes the forward order of
    /// the layers, which selects each layer's random streams. When the configuration quantizes inputs or uses ADCs,
    /// pass <paramref name="calibrationImages"/> (or call <see cref="AnalogModel.Calibrate"/> later).
    /// The twin starts with the ideal devices programmed. Layers inside an <see cref="IDigitalModule"/> stay digital
    /// and are left out of the forward order (so they do not shift the other layers' chips).
    /// </summary>
    public static AnalogModel ToAnalog(
        nn.Module<Tensor, Tensor> model,
        CrossbarConfig config,
        long[] inputShape,
        Tensor? calibrationImages = null)
    {
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var digitalPrefixes = modules.Where(m => m.Value is IDigitalModule).Select(m => m.Key + ".").ToList();
        var order = LayerProfiler.Profile(model, inputShape).Select(p => p.Name)
            .Where(name => !digitalPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
        config.Validate(order);
        var layers = new List<AnalogLayer>();
        try
        {
            foreach (string name in order.Where(n => !config.IsDigital(n)))
                layers.Add(new AnalogLayer(
                    name,
                    order.IndexOf(name),
                    (nn.Module<Tensor, Tensor>)modules[name],
                    config.HardwareFor(name),
                    config.Variation));
        }
        catch
        {
            foreach (var layer in layers) layer.Dispose();
            throw;
        }
        var analog = new AnalogModel(model, config, layers);
        analog.UseIdeal();
        if (calibrationImages is not null) analog.Calibrate(calibrationImages);
        return analog;
    }
}
