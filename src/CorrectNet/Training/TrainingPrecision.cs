namespace CorrectNet.Training;

/// <summary>
/// The number format a training computes in (docs/method.md F5b). Part of <see cref="TrainingConfig"/>, so of every
/// cache key and checkpoint header that holds the setup; left out of the JSON when <see cref="Float32"/>, so setups
/// written before the choice existed keep their hashes.
/// </summary>
public enum TrainingPrecision
{
    /// <summary>Everything in float32 (the kit's standard, and every setup before the choice existed).</summary>
    Float32,

    /// <summary>
    /// Mixed precision: convolutions and linear layers compute forward and backward in bfloat16 (8-bit mantissa),
    /// from a bfloat16 copy of float32 master weights; the loss, BatchNorm, the optimizer and its state, the Lipschitz
    /// penalty and evaluation stay in float32.
    /// </summary>
    Bfloat16,
}
