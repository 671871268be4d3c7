using CorrectNet.Compensation;
using CorrectNet.Crossbar;
using CorrectNet.Data;
using CorrectNet.Evaluation;
using CorrectNet.Models;
using CorrectNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Placement;

/// <summary>
/// Sensitivity of each analog layer (docs/method.md F30): clean accuracy − Monte-Carlo mean accuracy when only that
/// layer varies, every other Conv2d/Linear kept digital through <see cref="CrossbarConfig.DigitalLayers"/>. The clean
/// accuracy is that of the digital model; chips are 0 … chips − 1 of the given seed (the evaluation chips).
/// </summary>
public static class LayerSensitivity
{
    /// <returns>One site per analog layer of <paramref name="config"/>, in forward order, with the default unit
    /// width.</returns>
    public static IReadOnlyList<PlacementSite> Measure(
        nn.Module<Tensor, Tensor> model,
        CrossbarConfig config,
        ImageDataset test,
        int chips,
        long seed,
        Tensor? calibrationImages = null,
        Device? device = null)
    {
        var inputShape = test.Images.shape[1..];
        var profiles = LayerProfiler.Profile(model, inputShape);
        double clean = ClassificationAccuracy.Evaluate(model, test, device);
        var names = profiles.Select(p => p.Name).ToList();
        var sites = new List<PlacementSite>();
        foreach (var profile in profiles.Where(p => !config.IsDigital(p.Name)))
        {
            var only = config with { DigitalLayers = [.. names.Where(n => n != profile.Name)] };
            using var analog = AnalogConversion.ToAnalog(model, only, inputShape, calibrationImages);
            var result = MonteCarloEvaluator.Evaluate(analog, test, chips, seed, device: device);
            sites.Add(new PlacementSite(profile, clean - result.Mean,
                CompensationUnit.DefaultWidth(profile.OutChannels)));
        }
        return sites;
    }
}
