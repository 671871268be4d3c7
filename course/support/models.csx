#nullable enable
// Small data and a small model, so that each assignment runs in well under a minute on 2 cores.
using CorrectNet.Data;
using CorrectNet.Models;
using TorchSharp;

/// <summary>The first images of the shipped Fashion-MNIST: 28×28, normalized (docs/method.md F1).</summary>
static DatasetSplits SmallFashionMnist(int train = 2000, int test = 500) =>
    DatasetRegistry.Load(DatasetRegistry.FashionMnist, new DatasetOptions(MaxTrain: train, MaxTest: test));

/// <summary>
/// The kit's MLP at a quarter width (784 → 64 → 32 → 10), trained with Adam (lr 0.001, batch 64) for
/// <paramref name="steps"/> mini-batches from seed <paramref name="seed"/>. <paramref name="penalty"/>, when given,
/// is added to the cross-entropy (F3) at every step.
/// </summary>
static torch.nn.Module<torch.Tensor, torch.Tensor> TrainTinyMlp(ImageDataset train, int steps, long seed,
    Func<torch.nn.Module<torch.Tensor, torch.Tensor>, torch.Tensor>? penalty = null)
{
    torch.manual_seed(seed);
    var model = ModelZoo.Create(new ModelSpec("mlp", WidthMultiplier: 0.25));
    var optimizer = torch.optim.Adam(model.parameters(), lr: 0.001);
    var shuffle = new torch.Generator((ulong)seed);
    model.train();
    int step = 0;
    while (step < steps)
    {
        foreach (var (images, labels) in train.Batches(64, shuffle: true, shuffle))
        {
            using (images)
            using (labels)
            using (var scope = torch.NewDisposeScope())
            {
                optimizer.zero_grad();
                var loss = torch.nn.functional.cross_entropy(model.call(images), labels);
                if (penalty is not null) loss = loss + penalty(model);
                loss.backward();
                optimizer.step();
            }
            if (++step == steps) break;
        }
    }
    model.eval();
    return model;
}
