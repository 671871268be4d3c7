using CorrectNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Training;

/// <summary>Top-1 accuracy of a classifier on a data set, in eval mode and without gradients.</summary>
public static class ClassificationAccuracy
{
    public const int DefaultBatchSize = 1000;

    /// <summary>Fraction of correctly classified images, in [0, 1].</summary>
    public static double Evaluate(
        nn.Module<Tensor, Tensor> model, ImageDataset data, Device? device = null, int batchSize = DefaultBatchSize)
    {
        var (correct, _) = Count(model, data, device, batchSize);
        return (double)correct.Sum() / data.Count;
    }

    /// <summary>Accuracy per true class (index = class); NaN for a class without test images.</summary>
    public static double[] PerClass(
        nn.Module<Tensor, Tensor> model, ImageDataset data, Device? device = null, int batchSize = DefaultBatchSize)
    {
        var (correct, total) = Count(model, data, device, batchSize);
        return correct.Zip(total, (c, t) => t == 0 ? double.NaN : (double)c / t).ToArray();
    }

    private static (long[] Correct, long[] Total) Count(
        nn.Module<Tensor, Tensor> model, ImageDataset data, Device? device, int batchSize)
    {
        bool wasTraining = model.training;
        model.eval();
        var correct = new long[data.Classes];
        var total = new long[data.Classes];
        try
        {
            using var _ = no_grad();
            foreach (var (images, labels) in data.Batches(batchSize, shuffle: false))
            {
                using var scope = NewDisposeScope();
                using var imagesOwned = images;
                using var labelsOwned = labels;
                var target = labels.to(CPU);
                var logits = model.call(device is null ? images : images.to(device));
                // argmax of a NaN row is 0: such an image would count as "class 0" instead of exposing the overflow.
                if (logits.isnan().any().item<bool>())
                    throw new NonFiniteOutputException(
                        $"The model's outputs on {data.Name} are NaN for " +
                        $"{logits.isnan().any(1).sum().item<long>()} of " +
                        $"{logits.shape[0]} images of a batch: its numbers overflowed float32 (a device variation σ " +
                        "or weights too large for the simulated hardware, or a diverged model).");
                var predicted = logits.argmax(1).to(CPU);
                var hits = predicted.eq(target).to_type(ScalarType.Int64);
                var perClassHits = zeros(data.Classes, dtype: ScalarType.Int64).index_add_(0, target, hits, 1);
                var perClassTotal = bincount(target, minlength: data.Classes);
                for (int c = 0; c < data.Classes; c++)
                {
                    correct[c] += perClassHits[c].item<long>();
                    total[c] += perClassTotal[c].item<long>();
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return (correct, total);
    }
}
