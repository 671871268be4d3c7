using CorrectNet.Evaluation;

namespace CorrectNet.Experiments.Results;

/// <summary>One candidate training of the pipeline's first stage and its result on the validation chips (null when
/// there was nothing to choose between, or when its training diverged: then <paramref name="Diverged"/> says how).
/// </summary>
public sealed record FirstStageCandidate(string Method, MonteCarloResult? Validation, string? Diverged = null);

/// <summary>
/// How the pipeline's first stage was chosen (docs/method.md F37, stage 1): every candidate training on the same
/// validation chips at the evaluation σ on the reference setting; the highest mean accuracy wins, the earlier
/// candidate on a tie. A candidate whose training diverged is left out (as notebook 02 leaves it out).
/// </summary>
public sealed record FirstStageChoice(IReadOnlyList<FirstStageCandidate> Candidates)
{
    public FirstStageCandidate Chosen
    {
        get
        {
            var trained = Candidates.Where(c => c.Diverged is null).ToList();
            if (trained.Count == 0)
                throw new InvalidOperationException("Stage 1 needs a candidate whose training did not diverge.");
            var best = trained[0];
            foreach (var candidate in trained.Skip(1))
                if (candidate.Validation?.Mean > best.Validation?.Mean) best = candidate;
            return best;
        }
    }
}
