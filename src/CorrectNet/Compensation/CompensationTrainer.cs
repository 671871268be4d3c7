using System.Diagnostics;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Compensation;

/// <summary>
/// Trains the units of a <see cref="CompensatedModel"/> on sampled chips with the base frozen (docs/method.md F28).
/// The whole model runs in eval mode (BatchNorm keeps its running statistics: the base is frozen), base parameters do
/// not require gradients while training runs, and step k programs chip (<see
/// cref="CompensationTrainingConfig.ChipSeed"/>, k) before its forward pass. Gradients reach the units through the
/// crossbar's straight-through estimators. Afterwards the ideal devices are programmed and every flag is as before.
/// </summary>
public static class CompensationTrainer
{
    /// <param name="model">The compensated model.</param>
    /// <param name="analog">Its analog twin (made from <paramref name="model"/> or its <see
    /// cref="CompensatedModel.Base"/>), calibrated if needed.</param>
    /// <param name="train">Training images (the unit never sees test images).</param>
    /// <param name="config">Steps, batch, learning rate, μ, seeds.</param>
    /// <param name="device">Where the model lives (null = CPU).</param>
    /// <param name="cancellation">Checked every step.</param>
    /// <param name="activeUnits">Step k → the layers whose units run in that step (<see
    /// cref="CompensatedModel.ActiveUnits"/>); null = every unit every step. A unit switched off in a step is not
    /// updated in it: each unit has its own Adam state, stepped only when the unit ran (weight sharing, docs/method.md
    /// F38).</param>
    public static CompensationTrainingResult Train(
        CompensatedModel model,
        AnalogModel analog,
        ImageDataset train,
        CompensationTrainingConfig config,
        Device? device = null,
        CancellationToken cancellation = default,
        Func<int, IReadOnlySet<string>>? activeUnits = null)
    {
        using var stage = StageClock.Enter(Stage.Units);
        config.Validate();
        var clock = Stopwatch.StartNew();
        var losses = new List<double>(config.Steps);
        var unitParameters = model.UnitParameters().ToList();
        if (config.Steps == 0 || unitParameters.Count == 0) return new CompensationTrainingResult(losses, 0);

        var baseParameters = model.BaseParameters().Select(p => (Parameter: p, p.requires_grad)).ToList();
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        bool wasTraining = model.training;
        var wasActive = model.ActiveUnits;
        // One Adam per unit: Adam is elementwise, so with every unit on this is the single optimizer over all units,
        // and a unit switched off keeps its weights and moments (no momentum-only step on a zero gradient).
        var optimizers = model.Specs.ToDictionary(s => s.Layer,
            s => optim.Adam(model.UnitOf(s.Layer).parameters(), config.LearningRate));
        using var recalibration = RecalibrationOf(model, train, config, device);
        try
        {
            foreach (var (parameter, _) in baseParameters) parameter.requires_grad = false;
            foreach (var parameter in unitParameters) parameter.requires_grad = true;
            model.eval();
            int step = 0;
            for (int epoch = 0; step < config.Steps; epoch++)
            {
                using var shuffle = new Generator(unchecked((ulong)(config.Seed * 1_000_003 + epoch)));
                foreach (var (images, labels) in train.Batches(config.BatchSize, shuffle: true, shuffle))
                {
                    using var imagesOwned = images;
                    using var labelsOwned = labels;
                    if (step >= config.Steps) break;
                    cancellation.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var x = device is null ? images : images.to(device);
                    var y = device is null ? labels : labels.to(device);
                    recalibration?.Restore(); // the variation-free features use the trained statistics
                    var clean = config.FeatureWeight > 0 ? CleanFeatures(model, analog, modules, x) : null;

                    var active = activeUnits?.Invoke(step);
                    model.ActiveUnits = active;
                    analog.UseChip(new Chip(config.ChipSeed, step) { SigmaScale = config.SigmaScaleAt(step) });
                    recalibration?.Recalibrate();
                    var features = new List<(string Layer, Tensor Value)>();
                    if (clean is not null) model.FeatureObserver = (layer, value) => features.Add((layer, value));
                    Tensor loss;
                    try
                    {
                        var logits = model.call(x);
                        loss = config.SampleLossCap is { } cap
                            ? nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.None)
                                .clamp_max(cap * Math.Log(logits.shape[^1])).mean()
                            : nn.functional.cross_entropy(logits, y);
                    }
                    finally
                    {
                        model.FeatureObserver = null;
                    }
                    if (clean is not null && features.Count > 0)
                    {
                        var matching = features
                            .Select(f => nn.functional.mse_loss(f.Value, clean[f.Layer]))
                            .Aggregate((a, b) => a + b);
                        loss = loss + config.FeatureWeight / features.Count * matching;
                    }
                    // every unit switched off: the step's loss is recorded, nothing can learn from it
                    if (active is not { Count: 0 })
                    {
                        foreach (var optimizer in optimizers.Values) optimizer.zero_grad();
                        loss.backward();
                        if (config.MaxGradientNorm is { } clip) nn.utils.clip_grad_norm_(unitParameters, clip);
                        foreach (var (layer, optimizer) in optimizers)
                            if (active is null || active.Contains(layer)) optimizer.step();
                    }
                    losses.Add(loss.item<float>());
                    step++;
                }
            }
        }
        finally
        {
            analog.UseIdeal();
            model.ActiveUnits = wasActive;
            foreach (var optimizer in optimizers.Values) optimizer.Dispose();
            foreach (var (parameter, requiresGrad) in baseParameters) parameter.requires_grad = requiresGrad;
            model.train(wasTraining);
        }
        return new CompensationTrainingResult(losses, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The per-chip BatchNorm re-estimation <paramref name="config"/> asks for, on the first training images;
    /// null when it asks for none or the model has no BatchNorm.</summary>
    private static BatchNormRecalibration? RecalibrationOf(CompensatedModel model, ImageDataset train,
        CompensationTrainingConfig config, Device? device)
    {
        if (config.BatchNormImages is not { } count || !model.modules().Any(m => m is BatchNorm2d)) return null;
        // Its own handle (a copy, or a tensor on the device), so disposing the view leaves it alive.
        using var view = train.Images[TensorIndex.Slice(0, Math.Min(count, train.Count))];
        return new BatchNormRecalibration(model, device is null ? view.clone() : view.to(device), ownsImages: true);
    }

    /// <summary>Variation-free features of the unit layers: the ideal devices, without units, no gradient.</summary>
    private static Dictionary<string, Tensor> CleanFeatures(
        CompensatedModel model, AnalogModel analog, Dictionary<string, nn.Module> modules, Tensor x)
    {
        analog.UseIdeal();
        var clean = new Dictionary<string, Tensor>();
        var layers = model.Specs.Select(s => (s.Layer, Module: (nn.Module<Tensor, Tensor>)modules[s.Layer]));
        var hooks = layers.Select(x => x.Module.register_forward_hook((_, _, output) =>
        {
            clean[x.Layer] = output.detach();
            return output;
        })).ToList();
        try
        {
            using var noGrad = no_grad();
            model.Base.call(x);
        }
        finally
        {
            foreach (var hook in hooks) hook.remove();
        }
        return clean;
    }
}
