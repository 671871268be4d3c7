using TorchSharp;
using static TorchSharp.torch;

namespace CorrectNet.Placement;

/// <summary>
/// The placement agent (docs/method.md F32): a <see cref="PolicyNetwork"/> trained with REINFORCE, a moving-average
/// baseline and an entropy bonus. Each episode samples an action per layer (the state includes the cost of the actions
/// so far), gets the environment's reward for the whole placement (cached there, so a placement is never evaluated
/// twice) and takes one policy-gradient step. Actions the environment's overhead cap forbids are masked out (F31a).
/// Deterministic for a seed: actions are drawn with a seeded generator.
/// </summary>
public static class ReinforceAgent
{
    public static PlacementSearchResult Run(PlacementEnvironment environment, ReinforceConfig? config = null,
        IProgress<PlacementEvaluation>? progress = null)
    {
        config = (config ?? new ReinforceConfig()).Validate();
        int before = environment.Evaluations;
        using var policy = new PolicyNetwork(environment.StateSize, environment.Actions, config.HiddenUnits,
            config.Seed);
        using var optimizer = optim.Adam(policy.parameters(), config.LearningRate);
        using var sampler = new Generator(unchecked((ulong)(config.Seed * 7_919 + 17)));
        var visited = new List<PlacementEvaluation>();
        var rewards = new List<double>();
        double? baseline = null;
        double variance = 0;
        for (int episode = 0; episode < config.Episodes; episode++)
        {
            using var scope = NewDisposeScope();
            var actions = new List<int>();
            var widths = new List<int>();
            var logProbabilities = new List<Tensor>();
            var entropies = new List<Tensor>();
            for (int l = 0; l < environment.Layers; l++)
            {
                var state = Input(environment.State(l, widths));
                var logits = Masked(environment, l, widths, policy.call(state).squeeze(0));
                var logP = nn.functional.log_softmax(logits, 0);
                var p = logP.exp();
                int action = (int)multinomial(p.detach(), 1, generator: sampler).item<long>();
                logProbabilities.Add(logP[action]);
                entropies.Add(-(p * logP).sum());
                actions.Add(action);
                widths.Add(environment.WidthOf(l, action));
            }
            var evaluation = environment.Evaluate(environment.PlacementOf(actions));
            visited.Add(evaluation);
            rewards.Add(evaluation.Reward);
            progress?.Report(evaluation);

            double reward = evaluation.Reward;
            double advantage = reward - (baseline ?? reward);
            if (config.NormalizeAdvantage)
            {
                // scale-free step: the advantage over the moving RMS of past advantages [ours]
                double m = config.BaselineMomentum;
                variance = episode == 0 ? 0 : m * variance + (1 - m) * advantage * advantage;
                if (variance > 0) advantage /= Math.Sqrt(variance) + 1e-8;
            }
            var loss = -stack(logProbabilities).sum() * advantage - config.EntropyWeight * stack(entropies).sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            baseline = baseline is { } b
                ? config.BaselineMomentum * b + (1 - config.BaselineMomentum) * reward
                : reward;
        }
        var greedy = PolicyPlacement(environment, policy);
        return new PlacementSearchResult(PlacementSearchNames.Rl, PlacementSearches.BestOf(visited), visited,
            environment.Evaluations - before, rewards, greedy);
    }

    /// <summary>The policy's input: the state in [0, 1] mapped to [−1, 1] (centered inputs let the weights, not only
    /// the output bias, learn from the first episodes) [ours].</summary>
    private static Tensor Input(float[] state) => (tensor(state) * 2 - 1).unsqueeze(0);

    /// <summary>
    /// The logits with every action the environment's cap forbids at <paramref name="layer"/> (F31a) pushed to −1e9,
    /// so it is never drawn (its probability underflows to 0) while log-probabilities and the entropy stay finite.
    /// </summary>
    private static Tensor Masked(PlacementEnvironment environment, int layer, IReadOnlyList<int> widths, Tensor logits)
    {
        if (environment.Cap is null) return logits;
        var forbidden = Enumerable.Range(0, environment.Actions)
            .Select(a => !environment.Allows(layer, a, widths)).ToArray();
        if (!forbidden.Any(f => f)) return logits;
        return logits.masked_fill(tensor(forbidden), -1e9);
    }

    /// <summary>The placement of the most probable allowed action at every layer.</summary>
    private static UnitPlacement PolicyPlacement(PlacementEnvironment environment, PolicyNetwork policy)
    {
        using var noGrad = no_grad();
        var widths = new List<int>();
        var actions = new List<int>();
        for (int l = 0; l < environment.Layers; l++)
        {
            using var scope = NewDisposeScope();
            var logits = Masked(environment, l, widths, policy.call(Input(environment.State(l, widths))).squeeze(0));
            int action = (int)logits.argmax().item<long>();
            actions.Add(action);
            widths.Add(environment.WidthOf(l, action));
        }
        return environment.PlacementOf(actions);
    }
}
