using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CorrectNet.Evaluation;

/// <summary>
/// Per-chip BatchNorm re-estimation (docs/method.md F36a) [ours]: a calibration a real chip can do without retraining.
/// After a chip is programmed, unlabelled calibration images run through it once and every BatchNorm's running mean
/// and variance are replaced by their average over those batches (cumulative, as PyTorch's momentum = None), so the
/// normalization describes this chip's activations instead of the training's. Only BatchNorm runs in training mode
/// during the pass; every other module, the crossbar layers included, runs as in evaluation, without gradients.
/// <see cref="Restore"/> (and Dispose) puts the trained statistics back.
/// </summary>
public sealed class BatchNormRecalibration : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly Tensor _images;
    private readonly int _batchSize;
    private readonly bool _ownsImages;
    private readonly List<(BatchNorm2d Norm, Tensor Mean, Tensor Variance, Tensor Count, double? Momentum)> _trained;

    /// <param name="model">The model whose BatchNorm layers are re-estimated (its analog twin's module).</param>
    /// <param name="images">Calibration images (N, C, H, W): training images, never test images.</param>
    /// <param name="batchSize">Images per batch of the pass; the statistics average over batches.</param>
    /// <param name="ownsImages">Dispose <paramref name="images"/> with this object.</param>
    public BatchNormRecalibration(nn.Module<Tensor, Tensor> model, Tensor images, int batchSize = 128,
        bool ownsImages = false)
    {
        if (images.shape[0] < 2)
            throw new ArgumentException($"BatchNorm re-estimation needs at least 2 images, got {images.shape[0]}.",
                nameof(images));
        if (batchSize < 2)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "At least 2 images per batch.");
        _model = model;
        _images = images;
        _batchSize = batchSize;
        _ownsImages = ownsImages;
        _trained = [.. model.modules().OfType<BatchNorm2d>()
            .Where(n => n.running_mean is not null && n.running_var is not null && n.num_batches_tracked is not null)
            .Select(n => (n, n.running_mean!.detach().clone(), n.running_var!.detach().clone(),
                n.num_batches_tracked!.detach().clone(), n.momentum))];
    }

    /// <summary>BatchNorm layers with running statistics (0: nothing to re-estimate).</summary>
    public int Layers => _trained.Count;

    /// <summary>Re-estimates every BatchNorm's statistics on the model as it now runs (the programmed chip).</summary>
    public void Recalibrate()
    {
        if (_trained.Count == 0) return;
        var flags = _model.modules().Select(m => (Module: m, m.training)).ToList();
        try
        {
            _model.eval();
            foreach (var (norm, _, _, _, _) in _trained)
            {
                norm.reset_running_stats();
                norm.momentum = null;
                norm.train();
            }
            using var noGrad = no_grad();
            long count = _images.shape[0];
            // A last batch of one image has no variance: it joins the batch before it.
            for (long start = 0; start < count;)
            {
                long end = count - (start + _batchSize) < 2 ? count : start + _batchSize;
                using var scope = NewDisposeScope();
                _model.call(_images[TensorIndex.Slice(start, end)]);
                start = end;
            }
        }
        finally
        {
            foreach (var (norm, _, _, _, momentum) in _trained) norm.momentum = momentum;
            // train(flag) recurses, so each module gets its own flag back, parents first.
            foreach (var (module, training) in flags) module.train(training);
        }
    }

    /// <summary>Puts the trained statistics back.</summary>
    public void Restore()
    {
        using var noGrad = no_grad();
        foreach (var (norm, mean, variance, count, _) in _trained)
        {
            norm.running_mean!.copy_(mean);
            norm.running_var!.copy_(variance);
            norm.num_batches_tracked!.copy_(count);
        }
    }

    public void Dispose()
    {
        Restore();
        foreach (var (_, mean, variance, count, _) in _trained)
        {
            mean.Dispose();
            variance.Dispose();
            count.Dispose();
        }
        if (_ownsImages) _images.Dispose();
    }
}
