using CorrectNet.Evaluation;

namespace CorrectNet.Experiments.Results;

/// <summary>One candidate training of the pipeline's first stage and its result on the validation chips (null when
/// there was nothing to choose between).</summary>
public sealed record FirstStageCandidate(string Method, MonteCarloResult? Validation);

/// <summary>
/// How the pipeline's first stage was chosen (docs/method.md F37, stage 1): every candidate training on the same
/// validation chips at the evaluation σ on the reference setting; the highest mean accuracy wins, the earlier
/// candidate on a tie.
/// </summary>
public sealed record FirstStageChoice(IReadOnlyList<FirstStageCandidate> Candidates)
{
    public FirstStageCandidate Chosen
    {
        get
        {
            if (Candidates.Count == 0) throw new InvalidOperationException("A first stage needs a candidate.");
            var best = Candidates[0];
            foreach (var candidate in Candidates.Skip(1))
                if (candidate.Validation?.Mean > best.Validation?.Mean) best = candidate;
            return best;
        }
    }
}
