using CorrectNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Crossbar;

/// <summary>
/// A model's analog twin: the same module, with its Conv2d/Linear layers running on simulated crossbars through
/// hooks. Program a chip with <see cref="UseChip"/> (or the ideal devices with <see cref="UseIdeal"/>), then call the
/// model as usual. Disposing restores the trained weights and removes the hooks.
/// </summary>
public sealed class AnalogModel : IDisposable
{
    internal AnalogModel(nn.Module<Tensor, Tensor> model, CrossbarConfig config, IReadOnlyList<AnalogLayer> layers)
    {
        Model = model;
        Config = config;
        Layers = layers;
    }

    public nn.Module<Tensor, Tensor> Model { get; }
    public CrossbarConfig Config { get; }
    /// <summary>The analog layers in forward order.</summary>
    public IReadOnlyList<AnalogLayer> Layers { get; }
    /// <summary>The programmed chip; null for the ideal devices.</summary>
    public Chip? CurrentChip { get; private set; }
    public bool NeedsCalibration => Layers.Any(l => l.NeedsCalibration);

    /// <summary>
    /// Runs every layer with the kernels of before the Monte-Carlo speed-up
    /// (<see cref="AnalogLayer.ReferenceKernels"/>): same results, slower; `correctnet bench` times both in one run.
    /// </summary>
    internal bool ReferenceKernels
    {
        get => Layers.Any(l => l.ReferenceKernels);
        set
        {
            foreach (var layer in Layers) layer.ReferenceKernels = value;
        }
    }

    /// <summary>Programs every analog layer with chip <paramref name="chip"/>'s devices.</summary>
    public void UseChip(Chip chip)
    {
        RequireCalibrated();
        chip.Validate();
        foreach (var layer in Layers) layer.Program(chip);
        CurrentChip = chip;
    }

    /// <summary>Programs the variation-free devices (quantization, tiling and ADC effects remain).</summary>
    public void UseIdeal()
    {
        foreach (var layer in Layers) layer.Program(null);
        CurrentChip = null;
    }

    /// <summary>
    /// Sets DAC and ADC ranges from one batch of images run through the ideal devices (eval mode, no grad).
    /// </summary>
    public void Calibrate(Tensor images)
    {
        UseIdeal();
        foreach (var layer in Layers) layer.BeginCalibration();
        try
        {
            EvalPass.Run(Model, images);
        }
        finally
        {
            foreach (var layer in Layers) layer.EndCalibration();
        }
    }

    public Tensor Forward(Tensor input) => Model.call(input);

    /// <summary>
    /// Training: re-maps every layer from its current (just optimized) weight; programs the ideal devices.
    /// </summary>
    public void Refresh()
    {
        foreach (var layer in Layers) layer.Refresh();
        CurrentChip = null;
    }

    /// <summary>
    /// Training: writes the trained weights back (after backward on a chip, before the optimizer step).
    /// </summary>
    public void RestoreTrainedWeights()
    {
        foreach (var layer in Layers) layer.RestoreTrainedWeight();
    }

    private void RequireCalibrated()
    {
        var missing = Layers.Where(l => !l.IsCalibrated).Select(l => l.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"Layers {string.Join(", ", missing)} quantize inputs or use an ADC: " +
                "call Calibrate(images) with a calibration batch first.");
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var layer in Layers) layer.Dispose();
    }
}
