namespace CorrectNet.Experiments.Results;

/// <summary>
/// What a quantization study asked of the simulator, in crossbar chip-evaluations (one setting on one chip over the
/// study's test images = 1): on the search chips (the search and the uniform baseline's bisection), on the validation
/// chips (F33b and its uniform walk) and on the unseen chips (the report). <see cref="Computed"/> counts those not
/// read from the result cache, so a second request of the same study computes 0. Fine-tuning is not counted.
/// </summary>
public sealed record QuantizationWork(int Search, int Validation, int Unseen, int Computed)
{
    /// <summary>Chip-evaluations asked for, cached or not.</summary>
    public int Requested => Search + Validation + Unseen;
}
